import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@ingest/ids';
import type { Redis } from 'ioredis';
import type { Scope } from './api-keys.ts';

/** A console login: who logged in and the CSRF token its state-changing requests must echo. */
export interface ConsoleSession {
  principalId: string;
  name: string;
  scopes: Scope[];
  csrf: string;
  createdAt: string;
  /** SHA-256 of the API key that logged in: the session ends when that key is revoked (or API_KEY changes). */
  keyDigest: string;
}

export const CONSOLE_SESSION_TTL_S = 8 * 3600;

/**
 * Server-side console sessions in Redis with a TTL, so logging out or expiry ends them everywhere.
 * Only the token's digest is a key: a Redis dump does not hand out live sessions.
 */
export class ConsoleSessionStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlS: number;

  constructor(redis: Redis, prefix: string, ttlS = CONSOLE_SESSION_TTL_S) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttlS = ttlS;
  }

  private key(token: string): string {
    return `${this.prefix}:console-session:${sha256Hex(token)}`;
  }

  async create(principal: { id: string; name: string; scopes: Scope[] }, keyDigest: string): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      principalId: principal.id,
      name: principal.name,
      scopes: principal.scopes,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: new Date().toISOString(),
      keyDigest,
    };
    await this.redis.set(this.key(token), JSON.stringify(session), 'EX', this.ttlS);
    return { token, session };
  }

  async lookup(token: string): Promise<ConsoleSession | null> {
    const raw = await this.redis.get(this.key(token));
    return raw ? (JSON.parse(raw) as ConsoleSession) : null;
  }

  async destroy(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }
}
