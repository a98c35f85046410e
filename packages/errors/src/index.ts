export { ERROR_CODES, OUTCOME_CODES, SOURCE_ERROR_CODES, type ErrorCode, type OutcomeCode, type SourceErrorCode, describeError } from './codes.ts';
export { IngestError, PermanentError, RetryableError, RateLimitedError, DependencyUnavailableError, isPermanent, isDependencyUnavailable, isConnectionError, type Dependency } from './classes.ts';
