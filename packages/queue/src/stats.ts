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

/**
 * Pipeline counters and the latest failures, kept in Redis under the queue prefix so every
 * process (and the CLI) sees the same numbers.
 */
export class PipelineStats {
  private readonly redis: Redis;
  private readonly counters: string;
  private readonly failures: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.counters = `${prefix}:stats`;
    this.failures = `${prefix}:failures`;
  }

  async incr(field: string, by = 1): Promise<void> {
    await this.redis.hincrby(this.counters, field, by);
  }

  async recordFailure(record: FailureRecord): Promise<void> {
    await this.redis.multi().lpush(this.failures, JSON.stringify(record)).ltrim(this.failures, 0, 199).exec();
  }

  async counts(): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(this.counters);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  async recentFailures(limit = 20): Promise<FailureRecord[]> {
    const rows = await this.redis.lrange(this.failures, 0, limit - 1);
    return rows.map((r) => JSON.parse(r) as FailureRecord);
  }
}
