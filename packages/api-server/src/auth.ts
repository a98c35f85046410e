import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison over digests, so neither length nor prefix leaks. */
export function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** Bearer token, `x-api-key`, or HTTP Basic with the key as password (browsers, for the dashboard). */
export function presentedKey(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  const x = req.headers['x-api-key'];
  return typeof x === 'string' ? x : undefined;
}

export function requireApiKey(apiKey: string, options: { browser?: boolean } = {}) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (keyMatches(presentedKey(req), apiKey)) return;
    if (options.browser) reply.header('WWW-Authenticate', 'Basic realm="ingest dashboard", charset="UTF-8"');
    await reply.code(401).send({ error: 'unauthorized', message: 'Missing or wrong API key. Send "Authorization: Bearer <key>" (the key is in .data/secrets/api-key for the embedded stack).' });
  };
}
