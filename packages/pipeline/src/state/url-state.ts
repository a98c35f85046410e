import type { Redis } from 'ioredis';
import { shortHash } from '@ingest/queue';
import { readIndexed } from '@ingest/search-index';

/**
 * What the last fetch of a URL left behind, for recrawls: validators for a conditional request,
 * the content digest, and which digest extraction last finished (so a page whose fetch succeeded
 * but whose extraction never did is not mistaken for unchanged).
 */
export interface UrlState {
  etag: string | null;
  lastModified: string | null;
  /** Digest of the last archived body. */
  digest: string | null;
  /** Digest extraction last completed for (article or not). */
  processedDigest: string | null;
  /** Document id extraction produced from this URL (canonical URL's id). */
  docId: string | null;
  archiveKey: string | null;
  movedTo: string | null;
  /**
   * Content digest of the version of `docId` the index holds (recorded when its batch succeeded),
   * null if none; undefined when not looked up. Processing is only "done" when this matches.
   */
  indexedDigest?: string | null;
}

/** How the last completed fetch job of a URL ended: what the audit needs once the job hash is gone. */
export interface FetchRecord {
  jobId: string;
  outcome: string;
  /** The typed outcome code (NOT_MODIFIED, HTTP_GONE, ...), which the audit classifies by. */
  code: string | null;
  reason: string | null;
  finishedOn: number;
}

const FETCH_FIELDS = ['fetchJob', 'fetchOutcome', 'fetchReason', 'fetchedAt', 'fetchCode'] as const;

const FIELDS = ['etag', 'lastModified', 'digest', 'processedDigest', 'docId', 'archiveKey', 'movedTo'] as const;
// Recrawl memory outlives any schedule an operator is likely to set, then frees itself.
const TTL_SECONDS = 90 * 24 * 3600;

export class UrlStateStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private recorded = 0;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private key(url: string): string {
    return `${this.prefix}:url:${shortHash(url)}`;
  }

  /** Every URL whose fetch completed in the last TTL_SECONDS, scored by when (the audit's list). */
  private ledgerKey(): string {
    return `${this.prefix}:fetched`;
  }

  /**
   * Records a completed fetch job in the URL's own hash (whose TTL the fetch stage just set) and in
   * the ledger: two commands in one round trip. Completed job hashes are trimmed
   * (JOB_KEEP_COMPLETED); this is what stays, about a hundred bytes per URL. Entries older than the
   * URL state's TTL leave the ledger now and then, not on every page.
   */
  async recordFetched(url: string, record: FetchRecord): Promise<void> {
    const pipe = this.redis
      .pipeline()
      .hset(this.key(url), 'fetchJob', record.jobId, 'fetchOutcome', record.outcome, 'fetchReason', record.reason ?? '', 'fetchedAt', String(record.finishedOn), 'fetchCode', record.code ?? '')
      .zadd(this.ledgerKey(), record.finishedOn, url);
    if (++this.recorded % 1000 === 1) pipe.zremrangebyscore(this.ledgerKey(), '-inf', String(record.finishedOn - TTL_SECONDS * 1000));
    for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
  }

  /** The last completed fetch of each URL (null where none is recorded), one round trip per chunk. */
  async fetchRecords(urls: readonly string[], chunk = 500): Promise<(FetchRecord | null)[]> {
    const out: (FetchRecord | null)[] = [];
    for (let i = 0; i < urls.length; i += chunk) {
      const pipe = this.redis.pipeline();
      for (const url of urls.slice(i, i + chunk)) pipe.hmget(this.key(url), ...FETCH_FIELDS);
      for (const [err, values] of (await pipe.exec()) ?? []) {
        if (err) throw err;
        const [jobId, outcome, reason, at, code] = values as (string | null)[];
        out.push(jobId && outcome && at ? { jobId, outcome, code: code || null, reason: reason || null, finishedOn: Number(at) } : null);
      }
    }
    return out;
  }

  /** URLs whose fetch completed (oldest first), a page at a time. */
  async *fetchedUrls(pageSize = 1000): AsyncIterable<string> {
    for (let start = 0; ; start += pageSize) {
      const urls = await this.redis.zrange(this.ledgerKey(), String(start), String(start + pageSize - 1));
      yield* urls;
      if (urls.length < pageSize) return;
    }
  }

  async get(url: string): Promise<UrlState> {
    const values = await this.redis.hmget(this.key(url), ...FIELDS);
    const state = {} as UrlState;
    FIELDS.forEach((f, i) => (state[f] = values[i] || null));
    if (state.docId) state.indexedDigest = (await readIndexed(this.redis, this.prefix, state.docId))?.contentDigest ?? null;
    return state;
  }

  /** Many URLs' state in one round trip per chunk (the audit reads thousands). */
  async getMany(urls: readonly string[], chunk = 500): Promise<UrlState[]> {
    const out: UrlState[] = [];
    for (let i = 0; i < urls.length; i += chunk) {
      const pipe = this.redis.pipeline();
      for (const url of urls.slice(i, i + chunk)) pipe.hmget(this.key(url), ...FIELDS);
      for (const [err, values] of (await pipe.exec()) ?? []) {
        if (err) throw err;
        const state = {} as UrlState;
        FIELDS.forEach((f, k) => (state[f] = (values as (string | null)[])[k] || null));
        out.push(state);
      }
    }
    return out;
  }

  /**
   * Unchanged content means the page was fetched, archived and fully processed before, and the
   * index holds that content: a stale document (a lost race, a lost job) is never "unchanged".
   */
  isUnchanged(state: UrlState, digest: string): boolean {
    return state.processedDigest !== null && state.processedDigest === digest && !this.needsReindex(state);
  }

  /** The URL's content was processed into a document, but the index holds another version of it (or none). */
  needsReindex(state: UrlState): boolean {
    return state.docId !== null && state.indexedDigest !== undefined && state.indexedDigest !== state.processedDigest;
  }

  /** Conditional headers are only worth sending when what they describe was fully processed and indexed. */
  conditionalFor(state: UrlState): { etag?: string; lastModified?: string } | undefined {
    if (!state.digest || state.processedDigest !== state.digest || this.needsReindex(state)) return undefined;
    const c: { etag?: string; lastModified?: string } = {};
    if (state.etag) c.etag = state.etag;
    if (state.lastModified) c.lastModified = state.lastModified;
    return c.etag || c.lastModified ? c : undefined;
  }

  async update(url: string, patch: Partial<Record<(typeof FIELDS)[number], string | null>>): Promise<void> {
    const set: string[] = [];
    const del: string[] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (v === null) del.push(k);
      else set.push(k, v);
    }
    const key = this.key(url);
    // A pipeline, not MULTI/EXEC (two more commands a page): the writes are idempotent and sent
    // in one round trip, and a retried job writes them again.
    const pipe = this.redis.pipeline();
    if (set.length > 0) pipe.hset(key, ...set);
    if (del.length > 0) pipe.hdel(key, ...del);
    for (const [err] of (await pipe.expire(key, TTL_SECONDS).exec()) ?? []) if (err) throw err;
  }
}
