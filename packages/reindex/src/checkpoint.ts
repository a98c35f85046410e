import type { Redis } from 'ioredis';

/** Where a reindex of one index stands; saved after each chunk's Meilisearch task succeeded. */
export interface Checkpoint {
  /** The index being built, `<index>_reindex_<timestamp>`. */
  target: string;
  /** When the run began (ms): documents the live pipeline writes after it are carried over. */
  startedAt: number;
  /** Every archive key up to and including this one is in the target (listing order). */
  lastKey: string | null;
  processed: number;
  indexed: number;
  skipped: number;
  /** `swapping`: the swap may have been sent; `swapped`: the new index is live, the old one remains to be deleted. */
  phase: 'building' | 'swapping' | 'swapped';
}

/**
 * One Redis hash per live index under the queue prefix (so it shares the Redis Cluster hash tag
 * and test cleanup), plus a short-lived lock so two runs never build into the same target.
 */
export class CheckpointStore {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly lockKey: string;

  constructor(redis: Redis, prefix: string, indexUid: string) {
    this.redis = redis;
    this.key = `${prefix}:reindex:${indexUid}`;
    this.lockKey = `${this.key}:lock`;
  }

  async load(): Promise<Checkpoint | null> {
    const h = await this.redis.hgetall(this.key);
    if (!h.target) return null;
    return {
      target: h.target,
      startedAt: Number(h.startedAt),
      lastKey: h.lastKey ? h.lastKey : null,
      processed: Number(h.processed ?? 0),
      indexed: Number(h.indexed ?? 0),
      skipped: Number(h.skipped ?? 0),
      phase: h.phase === 'swapped' || h.phase === 'swapping' ? h.phase : 'building',
    };
  }

  async save(c: Checkpoint): Promise<void> {
    await this.redis.hset(this.key, {
      target: c.target,
      startedAt: String(c.startedAt),
      lastKey: c.lastKey ?? '',
      processed: String(c.processed),
      indexed: String(c.indexed),
      skipped: String(c.skipped),
      phase: c.phase,
    });
  }

  async clear(): Promise<void> {
    await this.redis.del(this.key);
  }

  /** Takes or refreshes the lock; false when another run holds it. It expires on its own if this process dies. */
  async lock(token: string, ttlMs: number): Promise<boolean> {
    const taken = await this.redis.set(this.lockKey, token, 'PX', ttlMs, 'NX');
    if (taken === 'OK') return true;
    if ((await this.redis.get(this.lockKey)) !== token) return false;
    await this.redis.pexpire(this.lockKey, ttlMs);
    return true;
  }

  async unlock(token: string): Promise<void> {
    if ((await this.redis.get(this.lockKey)) === token) await this.redis.del(this.lockKey);
  }
}
