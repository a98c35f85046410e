import { ERROR_CODES, type ErrorCode } from './codes.ts';

/**
 * Base error carrying a code from the registry. Whether it is retried is the registry's call
 * alone (`ERROR_CODES[code].permanent`): a thrower cannot make a permanent code retryable or the
 * reverse, so the README's table is always what the queue does.
 */
export class IngestError extends Error {
  override name = 'IngestError';
  readonly code: ErrorCode;
  readonly permanent: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = ERROR_CODES[code].permanent;
    this.details = options?.details;
  }
}

type PermanentCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['permanent'] extends true ? C : never }[ErrorCode];

/** Retrying cannot help (404, robots disallow, not HTML, too large). Only permanent codes type-check. */
export class PermanentError extends IngestError {
  override name = 'PermanentError';
  constructor(code: PermanentCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, options);
  }
}

/**
 * Transient: retried with exponential back-off and jitter. The code's registry entry still wins
 * (a code passed through from elsewhere, e.g. a cached robots.txt outcome, may be either kind).
 */
export class RetryableError extends IngestError {
  override name = 'RetryableError';
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, options);
  }
}

/** The server asked us to slow down: the job is delayed by `retryAfterMs` instead of failing. */
export class RateLimitedError extends IngestError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super('RATE_LIMITED', message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export type Dependency = 'redis' | 's3' | 'meilisearch';

/**
 * A backing service did not answer (refused, reset, timed out, 5xx). Not the job's fault: the
 * worker pauses its stage until the dependency answers again and the job waits without using
 * up an attempt.
 */
export class DependencyUnavailableError extends IngestError {
  override name = 'DependencyUnavailableError';
  readonly dependency: Dependency;
  constructor(dependency: Dependency, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super('DEPENDENCY_UNAVAILABLE', message, { ...options, details: { ...options?.details, dependency } });
    this.dependency = dependency;
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof IngestError && err.permanent;
}

export function isDependencyUnavailable(err: unknown): err is IngestError & { code: 'DEPENDENCY_UNAVAILABLE' } {
  return err instanceof IngestError && err.code === 'DEPENDENCY_UNAVAILABLE';
}

// Socket-level failures: the peer is not there (or stopped answering), whatever the request was.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const CONNECTION_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/** Whether an error (or one of its causes) is a connection failure rather than an answer. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, errors } = e as { code?: unknown; name?: unknown; errors?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof name === 'string' && CONNECTION_NAMES.has(name)) return true;
    // undici reports "connect ECONNREFUSED" for each address of a host inside an AggregateError.
    if (Array.isArray(errors) && errors.some((x) => isConnectionError(x))) return true;
  }
  return false;
}
