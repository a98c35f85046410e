export { pipelineStatus, type PipelineStatus } from './status.ts';
export { ApiKeyStore, ApiKeyNotFoundError, SCOPES, grants, keyDigest, type Scope, type ApiKeyRecord, type CreatedApiKey } from './api-keys.ts';
export { findJobsByUrl, listFailed, retryJob, retryAllFailed, type JobView, type UrlJobs } from './jobs.ts';
export { queueOverview, pauseQueue, resumeQueue, drainQueue, type QueueOverview } from './queue-control.ts';
export { OperatorError, notFound, conflict, RETRY_AFTER_S, unavailableReply } from './errors.ts';
export { archiveKeyFor, archivedPage, type ArchivedDeps } from './archived.ts';
export { retryFailedFetches, type RetryFetchesResult } from './retry-fetches.ts';
export { liveReindex, ReindexRunner, type LiveReindexDeps, type ReindexRunState } from './reindex-run.ts';
export { ConsoleSessionStore, CONSOLE_SESSION_TTL_S, type ConsoleSession } from './console-sessions.ts';
