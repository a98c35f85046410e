import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '@ingest/ids';
import { grants, keyDigest, type ApiKeyStore, type ConsoleSession, type ConsoleSessionStore, type Scope } from '@ingest/ops';
import { AuthThrottle } from './auth-throttle.ts';
import { csrfRefusal, cookieValue, SESSION_COOKIE, sessionPrincipal } from './console-session.ts';
import { sendProblem } from './problem.ts';

/** Who made a request: the bootstrap key from config, or a key created with `ingest keys create`. */
export interface Principal {
  id: string;
  name: string;
  scopes: Scope[];
}

const digest = sha256;

/** Constant-time comparison over digests, so neither length nor prefix leaks. */
export function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function keyMatchesDigest(digestHex: string | undefined, key: string): boolean {
  if (typeof digestHex !== 'string' || !key) return false;
  return timingSafeEqual(digest(digestHex), digest(keyDigest(key)));
}

/** Bearer token, `x-api-key`, or HTTP Basic with the key as password (browsers, for the dashboard). */
export function presentedKey(req: FastifyRequest): string | undefined {
  // Auth schemes are case-insensitive (RFC 9110 section 11.1): "bearer x" is "Bearer x".
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[ \t]+(.*)$/.exec(req.headers.authorization ?? '');
  const scheme = match?.[1]?.toLowerCase();
  const credentials = match?.[2]?.trim() ?? '';
  if (scheme === 'bearer') return credentials || undefined;
  if (scheme === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  const x = req.headers['x-api-key'];
  return typeof x === 'string' ? x : undefined;
}

const BOOTSTRAP: Principal = { id: 'bootstrap', name: 'API_KEY', scopes: ['admin'] };

export class Authenticator {
  private readonly bootstrapKey: string;
  private readonly store: ApiKeyStore;
  private readonly throttle: AuthThrottle;
  private readonly sessions: ConsoleSessionStore | undefined;

  constructor(bootstrapKey: string, store: ApiKeyStore, throttle: AuthThrottle = new AuthThrottle(10), sessions?: ConsoleSessionStore) {
    this.bootstrapKey = bootstrapKey;
    this.store = store;
    this.throttle = throttle;
    this.sessions = sessions;
  }

  /** identify() with the wrong-key budget: 'throttled' once the 429 is sent. */
  async identifyThrottled(req: FastifyRequest, key: string | undefined, reply?: FastifyReply): Promise<Principal | null | 'throttled'> {
    const principal = await this.identify(key);
    if (!principal && key) {
      const wait = this.throttle.retryAfterSeconds(req.ip);
      if (wait > 0) {
        if (reply) await sendProblem(reply.header('retry-after', String(wait)), 429, 'too_many_failed_attempts', `Too many wrong API keys from ${req.ip}; try again in ${wait} s.`);
        return 'throttled';
      }
      this.throttle.failed(req.ip);
    }
    return principal;
  }

  async identify(key: string | undefined): Promise<Principal | null> {
    if (!key) return null;
    if (keyMatches(key, this.bootstrapKey)) return BOOTSTRAP;
    return this.store.lookup(key);
  }

  /**
   * A console session only while the key that opened it is valid: revoking a key (or changing
   * API_KEY) ends its sessions at their next request, not when their TTL runs out.
   */
  async liveSession(token: string): Promise<ConsoleSession | null> {
    if (!this.sessions) return null;
    const session = await this.sessions.lookup(token);
    if (!session) return null;
    const valid =
      session.principalId === BOOTSTRAP.id ? keyMatchesDigest(session.keyDigest, this.bootstrapKey) : typeof session.keyDigest === 'string' && (await this.store.hasDigest(session.keyDigest));
    if (valid) return session;
    await this.sessions.destroy(token);
    return null;
  }

  /** An onRequest hook: 401 without a known key, 403 when the key lacks the scope. */
  require(scope: Scope, options: { browser?: boolean } = {}) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const key = presentedKey(req);
      // The console's session cookie stands in for a key, only with its CSRF checks passed.
      const token = !key && this.sessions ? cookieValue(req, SESSION_COOKIE) : undefined;
      if (token) {
        const session = await this.liveSession(token);
        if (session) {
          const refused = csrfRefusal(req, session);
          if (refused) {
            await sendProblem(reply, 403, 'csrf_refused', `${refused}: the console sends the session's CSRF token with every change.`);
            return;
          }
          if (!grants(session.scopes, scope)) {
            await sendProblem(reply, 403, 'forbidden', `This login (${session.principalId}, scopes: ${session.scopes.join(', ')}) lacks the "${scope}" scope this route needs.`);
            return;
          }
          req.principal = sessionPrincipal(session);
          return;
        }
      }
      const principal = await this.identify(key);
      if (!principal && key) {
        // A client past its failure budget gets 429 for wrong keys; right keys still work, so a
        // legitimate client behind the same address is not locked out (keys are 256-bit random:
        // the budget is for noise and lookup load, guessing is hopeless anyway).
        const wait = this.throttle.retryAfterSeconds(req.ip);
        if (wait > 0) {
          await sendProblem(reply.header('retry-after', String(wait)), 429, 'too_many_failed_attempts', `Too many wrong API keys from ${req.ip}; try again in ${wait} s.`);
          return;
        }
        this.throttle.failed(req.ip);
      }
      if (!principal) {
        if (options.browser) reply.header('WWW-Authenticate', 'Basic realm="ingest dashboard", charset="UTF-8"');
        await sendProblem(
          reply,
          401,
          'unauthorized',
          'Missing or unknown API key. Send "Authorization: Bearer <key>" (the bootstrap key is API_KEY, or .data/secrets/api-key for the embedded stack).',
        );
        return;
      }
      if (!grants(principal.scopes, scope)) {
        await sendProblem(
          reply,
          403,
          'forbidden',
          `This key (${principal.id}, scopes: ${principal.scopes.join(', ')}) lacks the "${scope}" scope this route needs. Use a key created with: ingest keys create --scope ${scope} NAME`,
        );
        return;
      }
      req.principal = principal;
    };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
