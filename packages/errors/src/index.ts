export { ERROR_CODES, OUTCOME_CODES, type ErrorCode, type OutcomeCode, describeError } from './codes.ts';
export { IngestError, PermanentError, RetryableError, RateLimitedError, DependencyUnavailableError, isPermanent, isDependencyUnavailable, isConnectionError, type Dependency } from './classes.ts';
