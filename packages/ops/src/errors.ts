import { IngestError } from '@ingest/errors';
import { isRedisOutOfMemory, isRedisUnavailable } from '@ingest/queue';

/** Errors an operator can act on; the API turns `statusCode` into the response status. */
export class OperatorError extends Error {
  override name = 'OperatorError';
  readonly statusCode: number;
  readonly code: string;
  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const notFound = (message: string) => new OperatorError(404, 'not_found', message);
export const conflict = (message: string) => new OperatorError(409, 'conflict', message);

export const RETRY_AFTER_S = 2;

/** A 503 the caller should retry, or null when the error is not about a dependency being unavailable. */
export function unavailableReply(err: unknown): { code: string; message: string; retryAfter: number } | null {
  if (isRedisOutOfMemory(err))
    return { code: 'REDIS_FULL', message: 'Redis is full (maxmemory with noeviction) and refuses writes. Retry later; an operator must free memory or raise maxmemory.', retryAfter: 10 };
  if (isRedisUnavailable(err)) return { code: 'DEPENDENCY_UNAVAILABLE', message: `Redis is unavailable (${(err as Error).message}). Nothing was done; retry later.`, retryAfter: RETRY_AFTER_S };
  if (err instanceof IngestError && (err.code === 'DEPENDENCY_UNAVAILABLE' || err.code === 'REDIS_FULL')) return { code: err.code, message: err.message, retryAfter: RETRY_AFTER_S };
  return null;
}
