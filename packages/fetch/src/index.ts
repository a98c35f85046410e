// Fetching layer: guarded HTTP fetch with limits, charset decoding, robots.txt and per-host politeness.
export { fetchPage } from './fetch-page.ts';
export { RequestWriteRefused } from './request-write-hook.ts';
export { DEFAULTS as FETCH_DEFAULTS, type FetchOptions, type FetchResponse } from './options.ts';
export { isHtmlContentType, sniffHtml, mimeEssence, charsetParam } from './content-type.ts';
export { parseRetryAfter, DEFAULT_RETRY_AFTER_MS, DEFAULT_MAX_RETRY_AFTER_MS } from './retry-after.ts';
export { mapNetworkError } from './network-errors.ts';
export { decodeHtml, type DecodedHtml } from './charset/decode-html.ts';
export { parseRobots, productToken, ROBOTS_MAX_BYTES, type RobotsData, type RobotsGroup, type RobotsRule } from './robots/parse.ts';
export { policyFor, isAllowedBy, patternMatches, type RobotsPolicy } from './robots/match.ts';
export { RobotsCache, type RobotsCacheOptions, type RobotsEntry } from './robots/cache.ts';
export { adaptGap, type HostSignal, type GapLimits } from './politeness/adaptive-gap.ts';
export { HostLimiter, type HostLimiterOptions, type AcquireOptions, type TryAcquireOptions, type HostBusy, type HostLease } from './politeness/host-limiter.ts';
export { createGuardedAgent, type GuardedAgent } from './guarded-agent.ts';
