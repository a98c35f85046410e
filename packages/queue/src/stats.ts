import type { Redis } from 'ioredis';

export interface FailureRecord {
  queue: string;
  jobId: string;
  url: string | null;
  code: string;
  message: string;
  at: string;
  final: boolean;
}

/** How long an increment may wait in memory before it reaches Redis. */
export const STATS_FLUSH_MS = 500;

/**
 * Pipeline counters and the latest failures, kept in Redis under the queue prefix so every
 * process (and the CLI) sees the same numbers.
 *
 * Increments are summed in memory and written every STATS_FLUSH_MS as one HINCRBY pipeline, not
 * one round trip each (a page moves a dozen counters): other processes see a counter up to that
 * late; `counts()` flushes this process's increments first, and `close()` writes the last ones.
 */
export class PipelineStats {
  private readonly redis: Redis;
  private readonly counters: string;
  private readonly failures: string;
  private readonly flushMs: number;
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private activeJobs = 0;

  constructor(redis: Redis, prefix: string, options: { flushMs?: number } = {}) {
    this.redis = redis;
    this.counters = `${prefix}:stats`;
    this.failures = `${prefix}:failures`;
    this.flushMs = options.flushMs ?? STATS_FLUSH_MS;
  }

  async incr(field: string, by = 1): Promise<void> {
    if (by === 0) return;
    this.pending.set(field, (this.pending.get(field) ?? 0) + by);
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
  }

  /** A job of this process started: its increments may wait in memory while others run. */
  jobStarted(): void {
    this.activeJobs++;
  }

  /**
   * A job of this process settled. When it was the last one running here, its increments are
   * written before the job completes: a pipeline that looks drained (no job active or waiting)
   * then never has counters still sitting in a process's memory, so `ingest wait` reads them right.
   */
  async jobSettled(): Promise<void> {
    this.activeJobs = Math.max(0, this.activeJobs - 1);
    if (this.activeJobs === 0 && this.pending.size > 0) await this.flush().catch(() => {});
  }

  /** Writes the increments summed so far; a failed write keeps them for the next flush. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    // One write at a time, in order, so `counts()` after `flush()` sees every earlier increment.
    const write = this.inFlight.then(async () => {
      if (batch.size === 0) return;
      const p = this.redis.pipeline();
      for (const [field, by] of batch) p.hincrby(this.counters, field, by);
      const results = await p.exec().catch((err: unknown) => [[err as Error, null]] as [Error | null, unknown][]);
      if (results?.some(([err]) => err)) {
        for (const [field, by] of batch) this.pending.set(field, (this.pending.get(field) ?? 0) + by);
        this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
        throw results.find(([err]) => err)![0]!;
      }
    });
    this.inFlight = write.catch(() => {});
    return write;
  }

  async recordFailure(record: FailureRecord): Promise<void> {
    await this.redis.multi().lpush(this.failures, JSON.stringify(record)).ltrim(this.failures, 0, 199).exec();
  }

  async counts(): Promise<Record<string, number>> {
    await this.flush();
    const raw = await this.redis.hgetall(this.counters);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  async recentFailures(limit = 20): Promise<FailureRecord[]> {
    const rows = await this.redis.lrange(this.failures, 0, limit - 1);
    return rows.map((r) => JSON.parse(r) as FailureRecord);
  }

  /** Writes what is still in memory; call before closing the Redis connection. */
  async close(): Promise<void> {
    await this.flush().catch(() => {});
  }
}
