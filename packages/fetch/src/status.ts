import { IngestError, PermanentError, RateLimitedError, RetryableError } from '@ingest/errors';
import { DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.ts';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The error for a non-2xx, non-304, non-redirect final status. */
export function statusError(status: number, url: string, retryAfter: string | null, maxRetryAfterMs: number = DEFAULT_MAX_RETRY_AFTER_MS): IngestError {
  const details = { url, status };
  if (status === 404 || status === 410) return new PermanentError('HTTP_GONE', `${url} answered ${status} ${status === 404 ? 'Not Found' : 'Gone'}`, { details });
  if (status === 429) {
    const ms = parseRetryAfter(retryAfter, Date.now(), maxRetryAfterMs) ?? Math.min(DEFAULT_RETRY_AFTER_MS, maxRetryAfterMs);
    return new RateLimitedError(`${url} answered 429 Too Many Requests; retry after ${Math.round(ms / 1000)} s`, ms, { details: { ...details, retryAfter } });
  }
  if (status === 503) {
    const ms = parseRetryAfter(retryAfter, Date.now(), maxRetryAfterMs);
    if (ms !== null) return new RateLimitedError(`${url} answered 503 with Retry-After; retry after ${Math.round(ms / 1000)} s`, ms, { details: { ...details, retryAfter } });
  }
  if (status >= 500) return new RetryableError('HTTP_SERVER_ERROR', `${url} answered ${status}`, { details });
  if (status >= 400) return new PermanentError('HTTP_CLIENT_ERROR', `${url} answered ${status}`, { details });
  return new PermanentError('HTTP_CLIENT_ERROR', `${url} answered unexpected status ${status}${status >= 300 && status < 400 ? ' without a usable Location' : ''}`, { details });
}
