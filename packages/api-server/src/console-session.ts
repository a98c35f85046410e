import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '@ingest/ids';
import { CONSOLE_SESSION_TTL_S, keyDigest, type ConsoleSession, type ConsoleSessionStore, type Scope } from '@ingest/ops';

// Structural, so this module and auth.ts (which checks sessions) do not import each other.
type Principal = { id: string; name: string; scopes: Scope[] };
interface LoginAuth {
  identifyThrottled(req: FastifyRequest, key: string | undefined, reply?: FastifyReply): Promise<Principal | null | 'throttled'>;
  /** The session of a cookie, null when there is none or the key it was made with is revoked. */
  liveSession(token: string): Promise<ConsoleSession | null>;
}
import { timingSafeEqual } from 'node:crypto';
import { sendProblem } from './problem.ts';

export const SESSION_COOKIE = 'ingest_console';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Secure only over https (or behind a proxy saying so): a loopback http console must still log in. */
function sessionCookie(req: FastifyRequest, token: string, maxAge: number): string {
  const https = req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${https ? '; Secure' : ''}`;
}

/** The request's own origin, to compare a browser's Origin header with. */
function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

/**
 * A session cookie authenticates a request only with its CSRF defences: SameSite=Strict keeps other
 * sites' requests from carrying it in current browsers, and every state-changing request must also
 * echo the session's CSRF token in `x-csrf-token` and, when the browser sends Origin, come from
 * this origin (older browsers and SameSite bypasses via sibling subdomains).
 */
export function csrfRefusal(req: FastifyRequest, session: ConsoleSession): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.headers.origin;
  if (origin && origin !== ownOrigin(req)) return `Origin ${origin} is not this console's origin`;
  const token = req.headers['x-csrf-token'];
  if (typeof token !== 'string' || !sameSecret(token, session.csrf)) return 'Missing or wrong x-csrf-token header';
  return null;
}

export function sessionPrincipal(session: ConsoleSession): Principal {
  return { id: session.principalId, name: session.name, scopes: session.scopes };
}

const view = (s: ConsoleSession) => ({ name: s.name, keyId: s.principalId, scopes: s.scopes, csrf: s.csrf, createdAt: s.createdAt });

/** Login (an API key in, a session cookie out), the session's CSRF token for a reloaded page, logout. */
export function registerConsoleSession(app: FastifyInstance, auth: LoginAuth, sessions: ConsoleSessionStore): void {
  app.post<{ Body: { key?: unknown } }>('/console/login', async (req, reply: FastifyReply) => {
    // A login form posted from another site must not log the browser into the attacker's key.
    const origin = req.headers.origin;
    if (origin && origin !== ownOrigin(req)) return sendProblem(reply, 403, 'csrf_refused', `Origin ${origin} is not this console's origin`);
    const key = typeof req.body?.key === 'string' ? req.body.key : undefined;
    const principal = await auth.identifyThrottled(req, key, reply);
    if (principal === 'throttled') return reply;
    if (!principal) return sendProblem(reply, 401, 'unauthorized', 'Unknown API key. Use the bootstrap key (API_KEY, or .data/secrets/api-key) or one made with: ingest keys create NAME');
    const { token, session } = await sessions.create(principal, keyDigest(key!));
    return reply.header('set-cookie', sessionCookie(req, token, CONSOLE_SESSION_TTL_S)).send(view(session));
  });
  app.get('/console/session', async (req, reply) => {
    const token = cookieValue(req, SESSION_COOKIE);
    const session = token ? await auth.liveSession(token) : null;
    if (!session) return sendProblem(reply, 401, 'unauthorized', 'Not logged in');
    return view(session);
  });
  app.post('/console/logout', async (req, reply) => {
    const token = cookieValue(req, SESSION_COOKIE);
    const session = token ? await auth.liveSession(token) : null;
    if (token && session) {
      const refused = csrfRefusal(req, session);
      if (refused) return sendProblem(reply, 403, 'csrf_refused', refused);
      await sessions.destroy(token);
    }
    return reply
      .header('set-cookie', sessionCookie(req, '', 0))
      .code(204)
      .send();
  });
}
