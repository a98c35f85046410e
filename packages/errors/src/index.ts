export { ERROR_CODES, type ErrorCode, describeError } from './codes.ts';
export { IngestError, PermanentError, RetryableError, RateLimitedError, DependencyUnavailableError, isPermanent, isDependencyUnavailable, isConnectionError, type Dependency } from './classes.ts';
