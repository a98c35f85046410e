import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { DEFAULT_MAX_RETRY_AFTER_MS } from '@ingest/fetch';
import { adaptGap, type HostSignal } from './adaptive-gap.ts';
import { ACQUIRE_LUA, CONFIRM_LUA, EXTEND_LUA, PENALIZE_LUA, RELEASE_LUA } from './scripts.ts';

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
  /** How early a parked job is woken before its turn, to absorb the queue's wake-up latency. Default 100 ms (a loaded machine wakes parked jobs about that late; the head waits the rest in place). */
  wakeLeadMs?: number;
  /** Longest gap `observe` may slow a struggling host to; 0 keeps the delay fixed. Default 30 s. */
  maxAdaptiveDelayMs?: number;
}

/** A host's slowed-down gap is forgotten after this long without visits. */
const GAP_MEMORY_MS = 60 * 60 * 1000;

/** Booked turns whose job never came back (its worker died) stop counting after this long. */
const STALE_TURN_MS = 60_000;

export interface AcquireOptions {
  /** Overrides the default delay for this host (e.g. robots.txt Crawl-delay). */
  minDelayMs?: number;
  signal?: AbortSignal;
}

export interface TryAcquireOptions {
  minDelayMs?: number;
  /**
   * Identifies the job asking (its queue job id). With a ticket, a refused request books a turn in
   * the host's schedule and is told to park the job until then instead of waiting in place.
   */
  ticket?: string;
  /**
   * Multiplies the send window (1 to 8): a caller whose grant went stale asks with a longer one, so
   * a process too loaded to write within the usual window still gets its request out. The host is
   * held for the longer window only until the request is written.
   */
  windowFactor?: number;
}

/** A refusal: wait `waitMs`, in place (park false) or with the job parked outside the worker (park true). */
export interface HostBusy {
  lease: null;
  waitMs: number;
  park: boolean;
}

export interface HostLease {
  (): Promise<void>;
  /** Frees the slot (and gives back the start if nothing was sent); idempotent. Same as calling the lease. */
  release(): Promise<void>;
  /** When the slot was granted, in ms on the Redis server's clock (shared by all processes). */
  readonly acquiredAt: number;
  /** The host's adapted gap when the slot was granted (null: at the floor), for `observe`. */
  readonly gapMs: number | null;
  /** Pushes the lease expiry out by leaseMs; false if it had already expired. */
  extend(): Promise<boolean>;
  /**
   * Call synchronously at the moment the request is written. True: send it (the host's next start
   * becomes this moment + the delay). False: the grant's send window is over, so another request
   * may already be on its way; send nothing, release, and ask again. Later calls (redirect hops of
   * the same visit) return true.
   */
  markSent(): boolean;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = { acquire: ACQUIRE_LUA, confirm: CONFIRM_LUA, release: RELEASE_LUA, penalize: PENALIZE_LUA, extend: EXTEND_LUA };
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
  readonly #wakeLeadMs: number;
  readonly #maxAdaptiveDelayMs: number;

  constructor(options: HostLimiterOptions) {
    this.#redis = options.redis;
    this.#prefix = options.keyPrefix;
    this.#maxConcurrency = options.maxConcurrency ?? 2;
    this.#minDelayMs = options.minDelayMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#pollMs = options.pollMs ?? 50;
    this.#maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#wakeLeadMs = options.wakeLeadMs ?? 100;
    this.#maxAdaptiveDelayMs = options.maxAdaptiveDelayMs ?? 30_000;
    if (this.#maxConcurrency < 1) throw new RangeError('maxConcurrency must be at least 1');
  }

  #keys(host: string): { leases: string; next: string; pending: string; turns: string; gap: string } {
    const h = `${this.#prefix}host:${host.toLowerCase()}`;
    return { leases: `${h}:leases`, next: `${h}:next`, pending: `${h}:pending`, turns: `${h}:turns`, gap: `${h}:gap` };
  }

  /**
   * Adapts the host's gap to what a visit said (adaptGap): slower when it slows down or answers
   * 429/503/5xx, back towards `minDelayMs` (the setting or Crawl-delay) when healthy. Shared by
   * every process; off when maxAdaptiveDelayMs is 0.
   */
  async observe(host: string, signal: HostSignal, options: { minDelayMs?: number; lease?: HostLease } = {}): Promise<number> {
    const minMs = Math.max(0, Math.round(options.minDelayMs ?? this.#minDelayMs));
    if (this.#maxAdaptiveDelayMs <= 0) return minMs;
    const key = this.#keys(host).gap;
    // The visit's grant read the gap a moment ago: one command a page less than reading it again
    // (a concurrent update in between was a race the separate read did not close either).
    const current = options.lease ? (options.lease.gapMs === null ? null : String(options.lease.gapMs)) : await this.#redis.get(key);
    const next = adaptGap(current === null ? null : Number(current), signal, { minMs, maxMs: Math.max(minMs, this.#maxAdaptiveDelayMs), concurrency: this.#maxConcurrency });
    // Within a poll interval of the floor is the floor: waiters cannot tell the gaps apart, and a
    // fast host's few-ms gap would only add scripts to every request. At the floor the key is not
    // needed; a forgotten host starts again from the floor.
    if (next - minMs < this.#pollMs) {
      if (current !== null) await this.#redis.del(key);
      return minMs;
    }
    await this.#redis.set(key, String(next), 'PX', GAP_MEMORY_MS);
    return next;
  }

  async #run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#redis.evalsha(SHAS[name], keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return this.#redis.eval(SCRIPTS[name], keys.length, ...keys, ...args);
    }
  }

  /**
   * One attempt at a slot on `host`: the lease, or how long to wait. Send the request within the
   * lease's send window (see HostLease.markSent) and release the lease when the response has been read.
   */
  async tryAcquire(host: string, options: TryAcquireOptions = {}): Promise<{ lease: HostLease } | HostBusy> {
    const keys = this.#keys(host);
    const leaseId = randomUUID();
    const minDelay = Math.max(0, Math.round(options.minDelayMs ?? this.#minDelayMs));
    // Taken before the request leaves: the grant happens later, so the window is never overstated.
    const askedAt = performance.now();
    const windowFactor = Math.min(8, Math.max(1, Math.round(options.windowFactor ?? 1)));
    const args = [leaseId, this.#leaseMs, this.#maxConcurrency, minDelay, this.#pollMs, options.ticket ?? '', this.#wakeLeadMs, STALE_TURN_MS, windowFactor];
    const reply = (await this.#run('acquire', [keys.leases, keys.next, keys.pending, keys.turns, keys.gap], args)) as number[];
    if (reply[0] === 1)
      return { lease: this.#lease(keys, leaseId, { acquiredAt: reply[1]!, written: reply[2]!, askedAt, minDelay: reply[3]!, windowMs: reply[4]!, gapMs: reply[5] ? reply[5] : null }) };
    return { lease: null, waitMs: reply[1]!, park: reply[2] === 1 };
  }

  /**
   * Waits in place for a slot on `host` and returns the lease, counted as sent at once (for callers
   * that start their request right away); call it (or `.release()`) when the request ends.
   */
  async acquire(host: string, options: AcquireOptions = {}): Promise<HostLease> {
    for (;;) {
      options.signal?.throwIfAborted();
      const got = await this.tryAcquire(host, options.minDelayMs === undefined ? {} : { minDelayMs: options.minDelayMs });
      if (got.lease) {
        if (got.lease.markSent()) return got.lease;
        await got.lease.release();
        continue;
      }
      // A little jitter keeps waiters in several processes from waking in lockstep.
      await sleep(got.waitMs + Math.floor(Math.random() * 5), undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }

  #lease(
    keys: { leases: string; next: string; pending: string },
    leaseId: string,
    grant: { acquiredAt: number; written: number; askedAt: number; windowMs: number; minDelay: number; gapMs: number | null },
  ): HostLease {
    let released: Promise<void> | null = null;
    let state: 'granted' | 'sent' | 'stale' = grant.minDelay === 0 ? 'sent' : 'granted';
    let confirmed: Promise<unknown> = Promise.resolve();
    const release = (): Promise<void> => {
      released ??= (async () => {
        // A grant that sent nothing leaves the host as the previous request left it.
        if (state !== 'sent') await this.#run('confirm', [keys.next, keys.pending], [grant.written, 0]).catch(() => undefined);
        await confirmed;
        await this.#run('release', [keys.leases], [leaseId]);
      })();
      return released;
    };
    const lease = Object.assign(release, { acquiredAt: grant.acquiredAt, gapMs: grant.gapMs }) as HostLease;
    lease.release = release;
    lease.extend = async () => (await this.#run('extend', [keys.leases], [leaseId, this.#leaseMs])) === 1;
    lease.markSent = () => {
      if (state === 'sent') return true;
      if (state === 'stale') return false;
      const elapsed = performance.now() - grant.askedAt;
      if (elapsed > grant.windowMs) {
        state = 'stale';
        return false;
      }
      state = 'sent';
      // askedAt precedes the grant, so acquiredAt (+1: TIME is floored to the ms) + elapsed is no earlier
      // than the send on the Redis clock.
      // If this never lands the host stays held until the grant's full window: slower, never faster.
      confirmed = this.#run('confirm', [keys.next, keys.pending], [grant.written, grant.acquiredAt + 1 + Math.ceil(elapsed) + grant.minDelay]).catch(() => undefined);
      return true;
    };
    return lease;
  }

  /** Holds off new requests to `host` for at least `ms`, up to maxPauseMs (429/503 back-off); never shortens a pause. */
  async penalize(host: string, ms: number): Promise<void> {
    const pause = Math.min(Math.max(0, Math.round(ms)), this.#maxPauseMs);
    const keys = this.#keys(host);
    await this.#run('penalize', [keys.next, keys.pending], [Number.isFinite(pause) ? pause : this.#maxPauseMs]);
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
