import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The cross-process version guard. Two parts must hold together for "an older version never
 * ends up indexed" with several indexer processes:
 *  1. a compare-and-set per document id (highest version accepted so far; a lower one is
 *     dropped), atomic in one Lua script;
 *  2. Meilisearch applies an index's tasks in enqueue order, so the claim and the enqueue of a
 *     batch happen under one short lock: enqueue order then follows claim order, and for every id
 *     the last task holding it carries the highest version.
 * Reading the index and then writing (the old guard) let two processes both see "nothing newer"
 * and the older upload land last.
 */
export interface VersionGuard {
  /** Claims versions and runs `enqueue` with the ids that won, while no other process can claim. */
  claim<T>(docs: readonly { id: string; version: number }[], enqueue: (accepted: ReadonlySet<string>) => Promise<T>): Promise<T>;
  /** Records what a succeeded task indexed; a record for an older version never replaces a newer one. */
  recordIndexed(docs: readonly { id: string; version: number; contentDigest: string }[]): Promise<void>;
  /** Forgets what is indexed for removed documents. */
  forget(ids: readonly string[]): Promise<void>;
}

/**
 * What a removal decided on the fetch at `version` claims: above that fetch's documents (which
 * share its version, re-extractions included), below any later fetch (versions are whole ms).
 */
export function removalClaim(version: number): number {
  return version + 0.5;
}

// KEYS[1] versions hash. ARGV: id1, v1, id2, v2, ... Returns the ids whose version is >= the highest seen.
const CLAIM = `
local accepted = {}
for i = 1, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if (not cur) or tonumber(cur) <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    accepted[#accepted + 1] = ARGV[i]
  end
end
return accepted`;

// KEYS[1] indexed hash (id -> "version:digest"). ARGV: id1, v1, digest1, ...
const RECORD = `
for i = 1, #ARGV, 3 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  local curVersion = cur and tonumber(string.match(cur, '^(%d+):')) or -1
  if curVersion <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1] .. ':' .. ARGV[i + 2])
  end
end
return 1`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Where the guard keeps its state: under the queue prefix (a Redis Cluster hash tag), one hash each. */
export function guardKeys(prefix: string): { versions: string; indexed: string; lock: string } {
  return { versions: `${prefix}:index:versions`, indexed: `${prefix}:index:indexed`, lock: `${prefix}:index:enqueue-lock` };
}

/** What the indexer last indexed for a document: its version and content digest, or null. */
export async function readIndexed(redis: Redis, prefix: string, docId: string): Promise<{ version: number; contentDigest: string } | null> {
  const raw = await redis.hget(guardKeys(prefix).indexed, docId);
  const m = raw ? /^(\d+):(.*)$/.exec(raw) : null;
  return m ? { version: Number(m[1]), contentDigest: m[2]! } : null;
}

export interface RedisVersionGuardOptions {
  /** A holder that dies releases the lock after this long; an enqueue takes milliseconds. */
  lockTtlMs?: number;
}

export class RedisVersionGuard implements VersionGuard {
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof guardKeys>;
  private readonly lockTtlMs: number;

  constructor(redis: Redis, prefix: string, options: RedisVersionGuardOptions = {}) {
    this.redis = redis;
    this.keys = guardKeys(prefix);
    this.lockTtlMs = options.lockTtlMs ?? 12_000;
  }

  async claim<T>(docs: readonly { id: string; version: number }[], enqueue: (accepted: ReadonlySet<string>) => Promise<T>): Promise<T> {
    const token = await this.lock();
    try {
      const args = docs.flatMap((d) => [d.id, String(d.version)]);
      const won = args.length === 0 ? [] : ((await this.redis.eval(CLAIM, 1, this.keys.versions, ...args)) as string[]);
      return await enqueue(new Set(won));
    } finally {
      await this.redis.eval(RELEASE, 1, this.keys.lock, token).catch(() => {});
    }
  }

  async recordIndexed(docs: readonly { id: string; version: number; contentDigest: string }[]): Promise<void> {
    if (docs.length === 0) return;
    await this.redis.eval(RECORD, 1, this.keys.indexed, ...docs.flatMap((d) => [d.id, String(d.version), d.contentDigest]));
  }

  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.hdel(this.keys.indexed, ...ids);
  }

  private async lock(): Promise<string> {
    const token = randomBytes(8).toString('hex');
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      if ((await this.redis.set(this.keys.lock, token, 'PX', this.lockTtlMs, 'NX')) === 'OK') return token;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
