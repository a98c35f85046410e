import type { Redis } from 'ioredis';
import type { PipelineEvent, WebhookEvent } from '@ingest/contracts';
import { shortHash } from '@ingest/ids';
import { localSubscriptionChanges, webhookKeys, type StoredSubscription, type WebhookRegistry } from './registry.ts';
import type { WebhookQueue } from './queue.ts';

// Subscriptions change rarely and every indexed page asks: read them at most this often.
const CACHE_MS = 1_000;

/**
 * Turns pipeline events into delivery jobs, one per matching subscription. Cheap when nobody
 * subscribes (one cached read a second); idempotent when a stage runs twice (event ids come from
 * the event's key, job ids from subscription and event).
 */
export class WebhookEmitter {
  private readonly redis: Redis;
  private readonly registry: WebhookRegistry;
  private readonly queue: WebhookQueue;
  private readonly keys: ReturnType<typeof webhookKeys>;
  private cache: { at: number; changes: number; subs: Promise<StoredSubscription[]> } | null = null;

  constructor(options: { redis: Redis; prefix: string; registry: WebhookRegistry; queue: WebhookQueue }) {
    this.redis = options.redis;
    this.registry = options.registry;
    this.queue = options.queue;
    this.keys = webhookKeys(options.prefix);
  }

  private subscriptions(): Promise<StoredSubscription[]> {
    const now = Date.now();
    const changes = localSubscriptionChanges();
    if (!this.cache || now - this.cache.at > CACHE_MS || this.cache.changes !== changes) {
      const subs = this.registry.stored();
      // A failed read is not cached: the next call asks Redis again.
      subs.catch(() => (this.cache = null));
      this.cache = { at: now, changes, subs };
    }
    return this.cache.subs;
  }

  async active(): Promise<boolean> {
    return (await this.subscriptions()).length > 0;
  }

  async noteSource(url: string, sourceId: string): Promise<void> {
    await this.redis.hset(this.keys.urlSource, shortHash(url), sourceId);
  }

  /** The event's source: given, or remembered for its URL (fetch) or document (an earlier event). */
  private async sourceOf(e: PipelineEvent): Promise<string | null> {
    if (e.sourceId !== undefined) return e.sourceId;
    let sourceId: string | null = null;
    if (e.url) sourceId = await this.redis.hget(this.keys.urlSource, shortHash(e.url));
    if (e.docId) {
      if (sourceId) await this.redis.hset(this.keys.docSource, e.docId, sourceId);
      else sourceId = await this.redis.hget(this.keys.docSource, e.docId);
    }
    return sourceId;
  }

  async emit(e: PipelineEvent): Promise<WebhookEvent | null> {
    const subs = (await this.subscriptions()).filter((s) => s.events.includes(e.type));
    if (subs.length === 0) return null;
    const sourceId = await this.sourceOf(e);
    const startedAt = typeof e.data.startedAt === 'string' ? e.data.startedAt : null;
    const targets = subs.filter((s) => {
      if (s.sourceId !== null && s.sourceId !== sourceId) return false;
      // A run that started before the subscription existed is not announced to it.
      return !(e.type.startsWith('crawl.') && startedAt !== null && startedAt < s.createdAt);
    });
    if (targets.length === 0) return null;
    const event: WebhookEvent = { id: `evt_${shortHash(e.key, 32)}`, type: e.type, createdAt: new Date().toISOString(), sourceId, data: e.data };
    for (const s of targets) await this.queue.add({ subscriptionId: s.id, event });
    return event;
  }
}
