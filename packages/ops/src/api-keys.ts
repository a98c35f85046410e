import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@ingest/ids';
import type { Redis } from 'ioredis';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What is stored per key: never the key itself, only its digest (the hash field name). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
}

/** As stored: `seq` orders keys made in the same millisecond (absent on keys from before it). */
type StoredKey = ApiKeyRecord & { seq?: number };

function withoutSeq({ seq: _seq, ...record }: StoredKey): ApiKeyRecord {
  return record;
}

export interface CreatedApiKey extends ApiKeyRecord {
  /** Shown once, at creation; only its SHA-256 is kept. */
  key: string;
}

/** Scopes imply the ones below them: admin can do what write can, write what read can. */
const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

export function grants(scopes: readonly Scope[], needed: Scope): boolean {
  return scopes.some((s) => RANK[s] >= RANK[needed]);
}

/**
 * Keys are 192 random bits, so a fast SHA-256 digest is enough: a slow password hash only helps
 * against guessable secrets, and would cost every request.
 */
export function keyDigest(key: string): string {
  return sha256Hex(key);
}

export class ApiKeyNotFoundError extends Error {
  override name = 'ApiKeyNotFoundError';
  readonly statusCode = 404;
  constructor(id: string) {
    super(`No API key with id "${id}". List the keys with: ingest keys list`);
  }
}

/**
 * API keys in Redis under the stack prefix (one hash tag: the MULTIs below touch both hashes):
 * `api-keys` maps digest → record for the per-request lookup, `api-key-ids` maps
 * id → digest so a key can be revoked by the id an operator sees in `list`.
 */
export class ApiKeyStore {
  private readonly redis: Redis;
  private readonly byDigest: string;
  private readonly byId: string;
  private readonly seq: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.byDigest = `${prefix}:api-keys`;
    this.byId = `${prefix}:api-key-ids`;
    this.seq = `${prefix}:api-key-seq`;
  }

  async create(name: string, scopes: readonly Scope[]): Promise<CreatedApiKey> {
    const id = randomBytes(6).toString('hex');
    // The id is part of the key so a key found in a config file can be matched to `list` output.
    const key = `ik_${id}_${randomBytes(24).toString('base64url')}`;
    const record: ApiKeyRecord = { id, name, scopes: [...new Set(scopes)], createdAt: new Date().toISOString() };
    const stored: StoredKey = { ...record, seq: await this.redis.incr(this.seq) };
    const digest = keyDigest(key);
    await this.redis.multi().hset(this.byDigest, digest, JSON.stringify(stored)).hset(this.byId, id, digest).exec();
    return { ...record, key };
  }

  async lookup(key: string): Promise<ApiKeyRecord | null> {
    const raw = await this.redis.hget(this.byDigest, keyDigest(key));
    return raw ? withoutSeq(JSON.parse(raw) as StoredKey) : null;
  }

  /** Whether a key with this digest is still valid (a console session made with it lives only as long). */
  async hasDigest(digest: string): Promise<boolean> {
    return (await this.redis.hexists(this.byDigest, digest)) === 1;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const all = await this.redis.hvals(this.byDigest);
    return all
      .map((raw) => JSON.parse(raw) as StoredKey)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.seq ?? 0) - (b.seq ?? 0))
      .map(withoutSeq);
  }

  async revoke(id: string): Promise<void> {
    const digest = await this.redis.hget(this.byId, id);
    if (!digest) throw new ApiKeyNotFoundError(id);
    await this.redis.multi().hdel(this.byDigest, digest).hdel(this.byId, id).exec();
  }
}
