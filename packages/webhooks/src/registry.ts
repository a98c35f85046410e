import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WEBHOOK_EVENTS, WEBHOOK_ID_PATTERN, type WebhookEventType } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import { assertUrlHostAllowed, type AllowList } from '@ingest/net-guard';

/** A registered receiver. The secret is returned once, when it is created; listings leave it out. */
export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** Only events of this source; null = every event (documents enqueued by hand included). */
  sourceId: string | null;
  description: string | null;
  createdAt: string;
}

export interface StoredSubscription extends WebhookSubscription {
  secret: string;
}

export interface WebhookInput {
  url: string;
  events?: readonly string[] | undefined;
  sourceId?: string | null | undefined;
  description?: string | null | undefined;
}

/** One delivery attempt, as the API and `ingest webhooks deliveries` show it. */
export interface DeliveryRecord {
  deliveryId: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  url: string;
  attempt: number;
  /** delivered (2xx), retrying (will be attempted again), failed (no more attempts). */
  outcome: 'delivered' | 'retrying' | 'failed';
  /** HTTP status, or null when no answer came back. */
  status: number | null;
  code: string | null;
  error: string | null;
  durationMs: number;
  at: string;
}

/** Problems with what the operator asked for; the API answers 400/404 with the code. */
export class WebhookError extends Error {
  override name = 'WebhookError';
  readonly code: 'INVALID_WEBHOOK' | 'WEBHOOK_NOT_FOUND';
  constructor(code: WebhookError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

// Newest first; enough for an operator to see what a receiver has been answering.
const LOG_LIMIT = 1000;

export function webhookKeys(prefix: string) {
  return {
    subscriptions: `${prefix}:webhooks:subs`,
    log: `${prefix}:webhooks:log`,
    urlSource: `${prefix}:webhooks:url-source`,
    docSource: `${prefix}:webhooks:doc-source`,
  };
}

function publicView({ secret: _secret, ...rest }: StoredSubscription): WebhookSubscription {
  return rest;
}

/** Subscriptions and the delivery log, in Redis beside the queues (same prefix, same hash tag). */
/**
 * Bumped by every add and remove in this process, so an emitter here drops its cached
 * subscriptions at once (a webhook registered through the API of `npm start` sees the very next
 * page); emitters in other processes pick changes up within their cache window.
 */
let localChanges = 0;
export function localSubscriptionChanges(): number {
  return localChanges;
}

export class WebhookRegistry {
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof webhookKeys>;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.keys = webhookKeys(prefix);
  }

  /**
   * Checks the URL like the fetcher checks pages: http(s) only, and an IP literal must pass the
   * network guard now (host names are checked on every connection, at delivery).
   */
  async add(input: WebhookInput, options: { allow: AllowList; sourceExists?: (id: string) => Promise<boolean> }): Promise<StoredSubscription> {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new WebhookError('INVALID_WEBHOOK', `Not an absolute URL: ${input.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookError('INVALID_WEBHOOK', `Webhook URLs must be http or https, not ${url.protocol}`);
    if (url.username || url.password) throw new WebhookError('INVALID_WEBHOOK', 'Put no credentials in the webhook URL; receivers verify the signature instead');
    try {
      assertUrlHostAllowed(url, options.allow);
    } catch (err) {
      if (err instanceof IngestError) throw new WebhookError('INVALID_WEBHOOK', `${err.message.replace('FETCH_ALLOW_NETWORKS', 'WEBHOOK_ALLOW_NETWORKS')}`);
      throw err;
    }
    const events = input.events && input.events.length > 0 ? [...new Set(input.events)] : [...WEBHOOK_EVENTS];
    const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length > 0) throw new WebhookError('INVALID_WEBHOOK', `Unknown event ${unknown.join(', ')}; choose from ${WEBHOOK_EVENTS.join(', ')}`);
    const sourceId = input.sourceId ?? null;
    if (sourceId !== null && options.sourceExists && !(await options.sourceExists(sourceId))) {
      throw new WebhookError('INVALID_WEBHOOK', `No source "${sourceId}". List them with: ingest sources list`);
    }
    const sub: StoredSubscription = {
      id: `wh_${randomBytes(8).toString('hex')}`,
      url: url.toString(),
      events: events as WebhookEventType[],
      sourceId,
      description: input.description ?? null,
      createdAt: new Date().toISOString(),
      secret: `whsec_${randomBytes(24).toString('hex')}`,
    };
    await this.redis.hset(this.keys.subscriptions, sub.id, JSON.stringify(sub));
    localChanges++;
    return sub;
  }

  async list(): Promise<WebhookSubscription[]> {
    return (await this.stored()).map(publicView).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** With secrets: for the emitter and the delivery worker only. */
  async stored(): Promise<StoredSubscription[]> {
    return Object.values(await this.redis.hgetall(this.keys.subscriptions)).map((raw) => JSON.parse(raw) as StoredSubscription);
  }

  async get(id: string): Promise<StoredSubscription | null> {
    const raw = WEBHOOK_ID_PATTERN.test(id) ? await this.redis.hget(this.keys.subscriptions, id) : null;
    return raw ? (JSON.parse(raw) as StoredSubscription) : null;
  }

  /** Removes the subscription; deliveries already queued for it are dropped when their turn comes. */
  async remove(id: string): Promise<void> {
    const removed = WEBHOOK_ID_PATTERN.test(id) ? await this.redis.hdel(this.keys.subscriptions, id) : 0;
    localChanges++;
    if (removed === 0) throw new WebhookError('WEBHOOK_NOT_FOUND', `No webhook "${id}". List them with: ingest webhooks list`);
  }

  async recordDelivery(record: DeliveryRecord): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.keys.log, JSON.stringify(record))
      .ltrim(this.keys.log, 0, LOG_LIMIT - 1)
      .exec();
  }

  /** Latest attempts first, optionally of one subscription. */
  async deliveries(options: { subscriptionId?: string | undefined; limit?: number | undefined } = {}): Promise<DeliveryRecord[]> {
    const limit = options.limit ?? 50;
    const all = (await this.redis.lrange(this.keys.log, 0, LOG_LIMIT - 1)).map((raw) => JSON.parse(raw) as DeliveryRecord);
    return all.filter((r) => !options.subscriptionId || r.subscriptionId === options.subscriptionId).slice(0, limit);
  }
}
