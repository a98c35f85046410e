export { buildApi, operatorRoutes, type ApiDeps } from './app.ts';
export { pipelineStatus, type PipelineStatus } from './status.ts';
export { keyMatches, presentedKey, Authenticator, type Principal } from './auth.ts';
export { ApiKeyStore, ApiKeyNotFoundError, SCOPES, grants, keyDigest, type Scope, type ApiKeyRecord, type CreatedApiKey } from './api-keys.ts';
export { openApiDocument } from './openapi.ts';
export { findJobsByUrl, listFailed, retryJob, retryAllFailed, type JobView, type UrlJobs } from './jobs.ts';
export { queueOverview, pauseQueue, resumeQueue, drainQueue, type QueueOverview } from './queue-control.ts';
export { OperatorError } from './errors.ts';
