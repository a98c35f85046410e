import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { DEFAULT_MAX_RETRY_AFTER_MS } from '../retry-after.ts';
import { ACQUIRE_LUA, EXTEND_LUA, PENALIZE_LUA, RELEASE_LUA } from './scripts.ts';

export interface HostLimiterOptions {
  redis: Redis;
  /** e.g. "ingest:" — keys are `${keyPrefix}host:<host>:leases` and `:next`. */
  keyPrefix: string;
  /** Simultaneous requests per host across all processes. Default 2. */
  maxConcurrency?: number;
  /** Minimum time between request starts per host. Default 1000 ms. */
  minDelayMs?: number;
  /**
   * A slot is freed automatically after this long if its holder crashed. Must exceed the longest
   * fetch (connect + headers + body timeouts); call `extend` for longer work. Default 120 s.
   */
  leaseMs?: number;
  /** Upper bound on one sleep while waiting for a busy host. Default 50 ms. */
  pollMs?: number;
  /** Longest pause `penalize` may impose on a host (a hostile Retry-After). Default 1 h. */
  maxPauseMs?: number;
}

export interface AcquireOptions {
  /** Overrides the default delay for this host (e.g. robots.txt Crawl-delay). */
  minDelayMs?: number;
  signal?: AbortSignal;
}

export interface HostLease {
  (): Promise<void>;
  /** Frees the slot; idempotent. Same as calling the lease. */
  release(): Promise<void>;
  /** When the slot was granted, in ms on the Redis server's clock (shared by all processes). */
  readonly acquiredAt: number;
  /** Pushes the lease expiry out by leaseMs; false if it had already expired. */
  extend(): Promise<boolean>;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = { acquire: ACQUIRE_LUA, release: RELEASE_LUA, penalize: PENALIZE_LUA, extend: EXTEND_LUA };
type ScriptName = keyof typeof SCRIPTS;
const SHAS = Object.fromEntries(Object.entries(SCRIPTS).map(([k, v]) => [k, sha1(v)])) as Record<ScriptName, string>;

/**
 * Per-host politeness shared by every process through Redis: at most `maxConcurrency` requests in
 * flight per host and at least `minDelayMs` between request starts. Each host has its own keys, so
 * a slow host only delays requests to itself.
 */
export class HostLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #maxConcurrency: number;
  readonly #minDelayMs: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #maxPauseMs: number;

  constructor(options: HostLimiterOptions) {
    this.#redis = options.redis;
    this.#prefix = options.keyPrefix;
    this.#maxConcurrency = options.maxConcurrency ?? 2;
    this.#minDelayMs = options.minDelayMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#pollMs = options.pollMs ?? 50;
    this.#maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    if (this.#maxConcurrency < 1) throw new RangeError('maxConcurrency must be at least 1');
  }

  #keys(host: string): { leases: string; next: string } {
    const h = host.toLowerCase();
    return { leases: `${this.#prefix}host:${h}:leases`, next: `${this.#prefix}host:${h}:next` };
  }

  async #run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#redis.evalsha(SHAS[name], keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return this.#redis.eval(SCRIPTS[name], keys.length, ...keys, ...args);
    }
  }

  /** Waits for a slot on `host` and returns the lease; call it (or `.release()`) when the request ends. */
  async acquire(host: string, options: AcquireOptions = {}): Promise<HostLease> {
    const keys = this.#keys(host);
    const leaseId = randomUUID();
    const minDelay = Math.max(0, Math.round(options.minDelayMs ?? this.#minDelayMs));
    for (;;) {
      options.signal?.throwIfAborted();
      const [acquired, value] = (await this.#run('acquire', [keys.leases, keys.next], [leaseId, this.#leaseMs, this.#maxConcurrency, minDelay, this.#pollMs])) as [number, number];
      if (acquired === 1) return this.#lease(keys.leases, leaseId, value);
      // A little jitter keeps waiters in several processes from waking in lockstep.
      await sleep(value + Math.floor(Math.random() * 5), undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }

  #lease(leasesKey: string, leaseId: string, acquiredAt: number): HostLease {
    let released: Promise<void> | null = null;
    const release = (): Promise<void> => {
      released ??= this.#run('release', [leasesKey], [leaseId]).then(() => undefined);
      return released;
    };
    const lease = Object.assign(release, { acquiredAt }) as HostLease;
    lease.release = release;
    lease.extend = async () => (await this.#run('extend', [leasesKey], [leaseId, this.#leaseMs])) === 1;
    return lease;
  }

  /** Holds off new requests to `host` for at least `ms`, up to maxPauseMs (429/503 back-off); never shortens a pause. */
  async penalize(host: string, ms: number): Promise<void> {
    const pause = Math.min(Math.max(0, Math.round(ms)), this.#maxPauseMs);
    await this.#run('penalize', [this.#keys(host).next], [Number.isFinite(pause) ? pause : this.#maxPauseMs]);
  }

  /** Convenience: run `fn` holding a slot. */
  async run<T>(host: string, fn: () => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const lease = await this.acquire(host, options);
    try {
      return await fn();
    } finally {
      await lease.release();
    }
  }
}
