import type { Redis } from 'ioredis';
import { jobId, type QueueSet } from '@ingest/queue';
import { normalizeUrl } from '@ingest/urls';
import { SourceError } from './errors.ts';
import { schedulerId, sourceKeys } from './keys.ts';
import { ADD_TO_RUN_LUA, BEGIN_RUN_LUA, RECORD_OUTCOME_LUA } from './scripts.ts';
import { sourceInputSchema, type FetchOutcome, type SourceDefinition, type SourceFailure, type SourceInput, type SourceState } from './types.ts';

const RUN_OUTCOMES_TTL_S = 14 * 24 * 3600;

export interface SourceView {
  source: SourceDefinition;
  state: SourceState;
}

/**
 * Registered sources, persisted in Redis, with the state an operator reads (last run, pages
 * found, fetched, unchanged, failed) and the BullMQ job scheduler that runs recurring ones.
 * Used by the CLI, the API and the discover/fetch stages alike.
 */
export class SourceRegistry {
  private readonly redis: Redis;
  private readonly queues: QueueSet;
  private readonly prefix: string;

  constructor(redis: Redis, queues: QueueSet) {
    this.redis = redis;
    this.queues = queues;
    this.prefix = queues.prefix;
  }

  /** Registers a source once. Adding the same definition again is a no-op; a different one under the same id is refused. */
  async add(input: SourceInput): Promise<SourceDefinition> {
    const parsed = sourceInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new SourceError('INVALID_SOURCE', `Invalid source: ${issues}`);
    }
    // A crawl's pages come from its frontier, not from a run's list: there is nothing to schedule per URL.
    if (parsed.data.kind === 'crawl' && parsed.data.adaptive) throw new SourceError('INVALID_SOURCE', 'Invalid source: adaptive: recrawl schedules apply to url, sitemap and feed sources, not crawls');
    const def = { ...parsed.data, urls: parsed.data.urls.map((u) => normalizeUrl(u)) };
    if (def.crawl === undefined && def.kind === 'crawl') def.crawl = { maxPages: 100, maxDepth: 2, mode: 'host' };
    const source: SourceDefinition = { ...def, createdAt: new Date().toISOString(), paused: false };
    const created = await this.redis.hsetnx(sourceKeys(this.prefix).all, source.id, JSON.stringify(source));
    if (created === 0) {
      const existing = await this.require(source.id);
      if (!sameDefinition(existing, source)) {
        throw new SourceError('SOURCE_EXISTS', `Source "${source.id}" is already registered with a different definition; remove it first (ingest sources remove ${source.id})`);
      }
      return existing;
    }
    await this.syncScheduler(source);
    return source;
  }

  async get(id: string): Promise<SourceDefinition | null> {
    const raw = await this.redis.hget(sourceKeys(this.prefix).all, id);
    return raw ? (JSON.parse(raw) as SourceDefinition) : null;
  }

  async require(id: string): Promise<SourceDefinition> {
    const source = await this.get(id);
    if (!source) throw new SourceError('SOURCE_NOT_FOUND', `No source "${id}". List them with: ingest sources list`);
    return source;
  }

  async list(): Promise<SourceView[]> {
    const all = await this.redis.hgetall(sourceKeys(this.prefix).all);
    const sources = Object.values(all).map((raw) => JSON.parse(raw) as SourceDefinition);
    sources.sort((a, b) => a.id.localeCompare(b.id));
    return Promise.all(sources.map(async (source) => ({ source, state: await this.state(source.id) })));
  }

  async pause(id: string): Promise<SourceDefinition> {
    return this.update(id, { paused: true });
  }

  async resume(id: string): Promise<SourceDefinition> {
    return this.update(id, { paused: false });
  }

  /** Removes the source, its scheduler and its state. Fetch jobs already queued still run. */
  async remove(id: string): Promise<void> {
    await this.require(id);
    await this.queues.queues.discover.removeJobScheduler(schedulerId(id));
    const keys = sourceKeys(this.prefix, id);
    await this.redis.multi().hdel(keys.all, id).del(keys.state, keys.failures, `${keys.state}:recrawl`, `${this.prefix}:source:${id}:render`).exec();
  }

  /** Enqueues a run now, whatever the schedule says. Returns the discover job id. */
  async runNow(id: string): Promise<string> {
    const source = await this.require(id);
    if (source.paused) throw new SourceError('INVALID_SOURCE', `Source "${id}" is paused; resume it first (ingest sources resume ${id})`);
    const discoverJobId = jobId('discover', id, Date.now().toString(36));
    await this.queues.add('discover', { sourceId: id }, discoverJobId);
    return discoverJobId;
  }

  /** Marks the start of a run (idempotent per run id) and returns when the previous run started. */
  async beginRun(id: string, runId: string): Promise<Date | null> {
    const previous = (await this.redis.eval(BEGIN_RUN_LUA, 1, sourceKeys(this.prefix, id).state, runId, new Date().toISOString())) as string;
    return previous ? new Date(previous) : null;
  }

  async finishDiscovery(id: string, runId: string, counts: { found: number; notModifiedSinceLastRun: number }): Promise<void> {
    const state = sourceKeys(this.prefix, id).state;
    // Discovery may be retried: set, not add, so the counts stay those of one pass.
    if ((await this.redis.hget(state, 'runId')) !== runId) return;
    await this.redis.hset(state, 'found', counts.found, 'notModifiedSinceLastRun', counts.notModifiedSinceLastRun, 'lastDiscoveredAt', new Date().toISOString());
  }

  async addToRun(id: string, runId: string, field: 'found', n: number): Promise<void> {
    await this.redis.eval(ADD_TO_RUN_LUA, 1, sourceKeys(this.prefix, id).state, runId, field, String(n));
  }

  /** One URL's outcome in a run, counted once however often its job is retried. A success clears its failure. */
  async recordOutcome(id: string, runId: string, url: string, outcome: FetchOutcome, failure?: Omit<SourceFailure, 'url' | 'at' | 'runId'>): Promise<void> {
    const keys = sourceKeys(this.prefix, id);
    await this.redis.eval(RECORD_OUTCOME_LUA, 2, keys.state, keys.runOutcomes(runId), runId, url, outcome, String(RUN_OUTCOMES_TTL_S));
    if (outcome === 'failed' && failure) await this.recordFailure(id, runId, url, failure);
    else await this.redis.hdel(keys.failures, url);
  }

  /**
   * Each URL's outcome in one run (kept RUN_OUTCOMES_TTL_S), or null for a run this source has no
   * record of: neither its current one nor one whose outcomes are still kept.
   */
  async runOutcomes(id: string, runId: string): Promise<Record<string, FetchOutcome> | null> {
    const keys = sourceKeys(this.prefix, id);
    const [outcomes, current] = await Promise.all([this.redis.hgetall(keys.runOutcomes(runId)), this.redis.hget(keys.state, 'runId')]);
    if (Object.keys(outcomes).length === 0 && current !== runId) return null;
    return outcomes as Record<string, FetchOutcome>;
  }

  /** A failure against the source itself (a malformed sitemap) or one of its URLs. */
  async recordFailure(id: string, runId: string | null, url: string, failure: Omit<SourceFailure, 'url' | 'at' | 'runId'>): Promise<void> {
    const record: SourceFailure = { url, at: new Date().toISOString(), runId, ...failure };
    await this.redis.hset(sourceKeys(this.prefix, id).failures, url, JSON.stringify(record));
  }

  async failures(id: string): Promise<SourceFailure[]> {
    const raw = await this.redis.hgetall(sourceKeys(this.prefix, id).failures);
    return Object.values(raw)
      .map((r) => JSON.parse(r) as SourceFailure)
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  async state(id: string): Promise<SourceState> {
    const raw = await this.redis.hgetall(sourceKeys(this.prefix, id).state);
    const n = (k: string) => Number(raw[k] ?? 0);
    const totals: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) if (k.startsWith('total.')) totals[k.slice(6)] = Number(v);
    return {
      runs: n('runs'),
      runId: raw.runId ?? null,
      lastRunAt: raw.lastRunAt || null,
      previousRunAt: raw.previousRunAt || null,
      lastDiscoveredAt: raw.lastDiscoveredAt || null,
      found: n('found'),
      fetched: n('fetched'),
      unchanged: n('unchanged'),
      removed: n('removed'),
      failed: n('failed'),
      notModifiedSinceLastRun: n('notModifiedSinceLastRun'),
      totals,
    };
  }

  private async update(id: string, patch: Partial<Pick<SourceDefinition, 'paused'>>): Promise<SourceDefinition> {
    const next = { ...(await this.require(id)), ...patch };
    await this.redis.hset(sourceKeys(this.prefix).all, id, JSON.stringify(next));
    await this.syncScheduler(next);
    return next;
  }

  /** A paused or unscheduled source has no scheduler; an active scheduled one has exactly one (upsert is idempotent). */
  private async syncScheduler(source: SourceDefinition): Promise<void> {
    const discover = this.queues.queues.discover;
    if (source.paused || !source.schedule) {
      await discover.removeJobScheduler(schedulerId(source.id));
      return;
    }
    await discover.upsertJobScheduler(schedulerId(source.id), source.schedule, { name: 'discover', data: { sourceId: source.id } });
  }
}

function sameDefinition(a: SourceDefinition, b: SourceDefinition): boolean {
  const strip = ({ createdAt: _c, paused: _p, ...rest }: SourceDefinition) => JSON.stringify(rest);
  return strip(a) === strip(b);
}
