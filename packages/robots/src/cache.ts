import type { Redis } from 'ioredis';
import { IngestError, PermanentError, RateLimitedError, RetryableError, type ErrorCode } from '@ingest/errors';
import { fetchPage, type FetchOptions } from '@ingest/fetch';
import { parseRobots, ROBOTS_MAX_BYTES, type RobotsData } from './parse.ts';
import { policyFor, type RobotsPolicy } from './match.ts';

/** What we know about an origin's robots.txt; JSON-serialisable for Redis. */
export type RobotsEntry =
  | { kind: 'rules'; data: RobotsData; expiresAt: number }
  /** robots.txt missing or unusable (4xx, too many redirects): everything is allowed. */
  | { kind: 'allow-all'; reason: string; expiresAt: number }
  /** robots.txt unreachable (5xx, 429, network): nothing is allowed until it expires. */
  | { kind: 'unavailable'; reason: string; code: ErrorCode; expiresAt: number };

export interface RobotsCacheOptions {
  /** Options for fetching robots.txt (user agent, allowed networks, lookup, timeouts). */
  fetchOptions: Omit<FetchOptions, 'checkRobots' | 'conditional' | 'maxRedirects' | 'onTooLarge' | 'maxBytes'>;
  /** Token matched against User-agent lines; default derived from fetchOptions.userAgent. */
  productToken?: string;
  /** How long a fetched robots.txt is trusted. Default 1 hour. */
  ttlMs?: number;
  /** How long an unreachable robots.txt blocks the origin before it is tried again. Default 5 minutes. */
  errorTtlMs?: number;
  /** Share entries between processes. */
  redis?: Redis;
  keyPrefix?: string;
  /** Bound on in-memory origins. Default 10 000. */
  maxEntries?: number;
  /** For tests. */
  fetch?: typeof fetchPage;
  now?: () => number;
}

interface MemoryEntry {
  entry: RobotsEntry;
  policy: RobotsPolicy | null;
}

// Permanent fetch failures that mean "there is no usable robots.txt", which RFC 9309 treats like 4xx.
const ALLOW_ALL_CODES = new Set<ErrorCode>(['HTTP_GONE', 'HTTP_CLIENT_ERROR', 'TOO_MANY_REDIRECTS', 'REDIRECT_LOOP', 'UNSUPPORTED_CONTENT_TYPE', 'BODY_TOO_LARGE', 'DECOMPRESSION_BOMB']);

/**
 * robots.txt per origin, fetched through fetchPage (so the network guard applies) and cached in
 * memory and optionally in Redis. Concurrent checks for one origin share a single fetch.
 */
export class RobotsCache {
  readonly #opts: RobotsCacheOptions;
  readonly #ttlMs: number;
  readonly #errorTtlMs: number;
  readonly #memory = new Map<string, MemoryEntry>();
  readonly #inflight = new Map<string, Promise<MemoryEntry>>();
  readonly #now: () => number;

  constructor(options: RobotsCacheOptions) {
    this.#opts = options;
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#errorTtlMs = options.errorTtlMs ?? 5 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Throws ROBOTS_DISALLOWED (permanent) when robots.txt forbids `url`, or a retryable error while it is unreachable. */
  async check(url: string): Promise<void> {
    const u = new URL(url);
    const { entry, policy } = await this.#get(u.origin);
    if (entry.kind === 'unavailable') {
      const retryInMs = Math.max(entry.expiresAt - this.#now(), 0);
      const message = `robots.txt of ${u.origin} is unavailable (${entry.reason}); not crawling the site for ${Math.ceil(retryInMs / 1000)} s`;
      const details = { url, origin: u.origin, retryAfterMs: retryInMs };
      // A rate-limited robots.txt fetch delays the job like a rate-limited page would.
      if (entry.code === 'RATE_LIMITED') throw new RateLimitedError(message, retryInMs, { details });
      throw new RetryableError(entry.code, message, { details });
    }
    if (policy && !policy.isAllowed(u.pathname + u.search)) {
      throw new PermanentError('ROBOTS_DISALLOWED', `robots.txt of ${u.origin} disallows ${u.pathname + u.search} for ${this.#opts.fetchOptions.userAgent}`, {
        details: { url, origin: u.origin },
      });
    }
  }

  async isAllowed(url: string): Promise<boolean> {
    try {
      await this.check(url);
      return true;
    } catch (err) {
      if (err instanceof IngestError && (err.code === 'ROBOTS_DISALLOWED' || !err.permanent)) return false;
      throw err;
    }
  }

  /** Crawl-delay for our user agent in ms, or null when none is set. */
  async crawlDelayMs(url: string): Promise<number | null> {
    const { policy } = await this.#get(new URL(url).origin);
    return policy?.crawlDelaySeconds == null ? null : Math.round(policy.crawlDelaySeconds * 1000);
  }

  /** Absolute sitemap URLs listed in the origin's robots.txt. */
  async sitemaps(url: string): Promise<string[]> {
    const { entry } = await this.#get(new URL(url).origin);
    return entry.kind === 'rules' ? [...entry.data.sitemaps] : [];
  }

  /** Forget an origin (e.g. after an operator changed its robots.txt). */
  async invalidate(origin: string): Promise<void> {
    this.#memory.delete(origin);
    await this.#opts.redis?.del(this.#key(origin)).catch(() => undefined);
  }

  #key(origin: string): string {
    return `${this.#opts.keyPrefix ?? 'ingest:'}robots:${origin}`;
  }

  async #get(origin: string): Promise<MemoryEntry> {
    const cached = this.#memory.get(origin);
    if (cached && cached.entry.expiresAt > this.#now()) return cached;
    let pending = this.#inflight.get(origin);
    if (!pending) {
      pending = this.#load(origin).finally(() => this.#inflight.delete(origin));
      this.#inflight.set(origin, pending);
    }
    return pending;
  }

  async #load(origin: string): Promise<MemoryEntry> {
    const shared = await this.#readShared(origin);
    const entry = shared ?? (await this.#fetch(origin));
    if (!shared) await this.#writeShared(origin, entry);
    const mem: MemoryEntry = { entry, policy: entry.kind === 'rules' ? policyFor(entry.data, this.#opts.productToken ?? this.#opts.fetchOptions.userAgent) : null };
    this.#memory.delete(origin);
    this.#memory.set(origin, mem);
    // Map iteration order is insertion order, so the first key is the least recently loaded.
    const max = this.#opts.maxEntries ?? 10_000;
    while (this.#memory.size > max) {
      const oldest = this.#memory.keys().next().value;
      if (oldest === undefined) break;
      this.#memory.delete(oldest);
    }
    return mem;
  }

  // Redis is an optimisation shared between workers; if it is down we still work from memory.
  async #readShared(origin: string): Promise<RobotsEntry | null> {
    const redis = this.#opts.redis;
    if (!redis) return null;
    try {
      const raw = await redis.get(this.#key(origin));
      if (!raw) return null;
      const entry = JSON.parse(raw) as RobotsEntry;
      return entry.expiresAt > this.#now() ? entry : null;
    } catch {
      return null;
    }
  }

  async #writeShared(origin: string, entry: RobotsEntry): Promise<void> {
    const redis = this.#opts.redis;
    if (!redis) return;
    const ttl = entry.expiresAt - this.#now();
    if (ttl <= 0) return;
    await redis.set(this.#key(origin), JSON.stringify(entry), 'PX', ttl).catch(() => undefined);
  }

  async #fetch(origin: string): Promise<RobotsEntry> {
    const robotsUrl = `${origin}/robots.txt`;
    const now = this.#now();
    const fetcher = this.#opts.fetch ?? fetchPage;
    try {
      const res = await fetcher(robotsUrl, {
        ...this.#opts.fetchOptions,
        headers: { ...this.#opts.fetchOptions.headers, accept: 'text/plain,*/*;q=0.8' },
        maxRedirects: 5,
        maxBytes: ROBOTS_MAX_BYTES,
        onTooLarge: 'truncate',
      });
      return { kind: 'rules', data: parseRobots(res.body, res.finalUrl), expiresAt: now + this.#ttlMs };
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      if (ALLOW_ALL_CODES.has(err.code)) return { kind: 'allow-all', reason: err.message, expiresAt: now + this.#ttlMs };
      // The page itself would be refused for the same reason; say so directly rather than cache it.
      if (err.permanent) throw err;
      const ttl = err instanceof RateLimitedError ? Math.max(this.#errorTtlMs, err.retryAfterMs) : this.#errorTtlMs;
      return { kind: 'unavailable', reason: err.message, code: err.code, expiresAt: now + ttl };
    }
  }
}
