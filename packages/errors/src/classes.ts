import { ERROR_CODES, type ErrorCode } from './codes.ts';

/** Base error carrying a code from the registry; `permanent` tells the queue not to retry. */
export class IngestError extends Error {
  override name = 'IngestError';
  readonly code: ErrorCode;
  readonly permanent: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown>; permanent?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = options?.permanent ?? ERROR_CODES[code].permanent;
    this.details = options?.details;
  }
}

/** Retrying cannot help (404, robots disallow, not HTML, too large). */
export class PermanentError extends IngestError {
  override name = 'PermanentError';
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, { ...options, permanent: true });
  }
}

/** Transient: retried with exponential back-off and jitter. */
export class RetryableError extends IngestError {
  override name = 'RetryableError';
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, { ...options, permanent: false });
  }
}

/** The server asked us to slow down: the job is delayed by `retryAfterMs` instead of failing. */
export class RateLimitedError extends IngestError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super('RATE_LIMITED', message, { ...options, permanent: false });
    this.retryAfterMs = retryAfterMs;
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof IngestError && err.permanent;
}
