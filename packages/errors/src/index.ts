export { ERROR_CODES, type ErrorCode, describeError } from './codes.ts';
export { IngestError, PermanentError, RetryableError, RateLimitedError, isPermanent } from './classes.ts';
