import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * Every error the API answers is an RFC 9457 problem (application/problem+json): `type`, `title`,
 * `status`, `detail`, `instance`, and our machine-readable `code` (the same codes as the README's
 * errors table and the CLI's `error [CODE]`). Clients handle one shape, whichever layer refused:
 * a route, authentication, validation, or Fastify itself (unknown route, bad JSON, media type).
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` is a URN per code: stable and meaningful without being a URL someone must host. */
export const problemType = (code: string) => `urn:ingest:problem:${code}`;

export const problemSchema = z
  .object({
    type: z.string().describe('urn:ingest:problem:<code>'),
    title: z.string().describe('The HTTP status text'),
    status: z.number().int(),
    detail: z.string().describe('What went wrong and what to do about it'),
    code: z.string().describe('Machine-readable code, e.g. invalid_request, unauthorized, forbidden, not_found, unsupported_media_type, INVALID_URL, DEPENDENCY_UNAVAILABLE'),
    instance: z.string().optional().describe('The request path'),
    issues: z.array(z.string()).optional().describe('Validation issues as "location.path: message"'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; routes add extension members (invalid, enqueued, failed, …)' });

export type Problem = z.infer<typeof problemSchema>;

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}, instance?: string): Problem {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, code, ...(instance ? { instance } : {}), ...extensions };
}

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): FastifyReply {
  const path = reply.request.url.split('?')[0];
  return reply
    .code(status)
    .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(problem(status, code, detail, extensions, path));
}

/** Fastify's own refusals, in our words: which code, and what the caller should do. */
export function fastifyProblem(err: FastifyError, req: FastifyRequest): { status: number; code: string; detail: string } | null {
  const status = err.statusCode ?? 500;
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: `Unsupported Content-Type "${req.headers['content-type'] ?? ''}": send JSON bodies as application/json.` };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_request', detail: 'The body is empty but Content-Type is application/json: send a JSON body, or no Content-Type.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', detail: `${err.message}; send fewer URLs per request.` };
  }
  if (err instanceof SyntaxError || /JSON/.test(err.message)) return { status: 400, code: 'invalid_request', detail: `The body is not valid JSON: ${err.message}` };
  if (status >= 400 && status < 500) return { status, code: status === 404 ? 'not_found' : 'bad_request', detail: err.message };
  return null;
}
