// HTTP client: guarded fetch with limits, typed status and network errors, and Retry-After parsing.
// robots.txt, politeness and charset decoding are their own packages (@ingest/robots, @ingest/politeness, @ingest/charset).
export { fetchPage } from './fetch-page.ts';
export { RequestWriteRefused } from './request-write-hook.ts';
export { DEFAULTS as FETCH_DEFAULTS, type FetchOptions, type FetchResponse } from './options.ts';
export { parseRetryAfter, DEFAULT_RETRY_AFTER_MS, DEFAULT_MAX_RETRY_AFTER_MS } from './retry-after.ts';
export { mapNetworkError } from './network-errors.ts';
export { createGuardedAgent, type GuardedAgent } from './guarded-agent.ts';
