import type { ErrorCode } from '@ingest/errors';

/**
 * The HTTP status an API answer gets for each registry code that reaches a route. The map is
 * total over the registry, so a new code cannot fall into a blanket 400: whoever adds it decides
 * whether it is the caller's fault (4xx), a site's we fetched on the caller's behalf (502, 504),
 * a dependency's (503) or ours (500).
 */
export const ERROR_STATUS = {
  // What the caller sent.
  INVALID_URL: 400,
  UNSUPPORTED_SCHEME: 400,
  URL_TOO_LONG: 400,
  BLOCKED_NETWORK: 400,
  // What the caller asked for is not there.
  ARCHIVE_MISSING: 404,
  // A site the API fetched for the caller (site discovery) failed or refused.
  DNS_FAILURE: 502,
  CONNECT_FAILED: 502,
  TIMEOUT: 504,
  ROBOTS_DISALLOWED: 502,
  HTTP_CLIENT_ERROR: 502,
  HTTP_GONE: 502,
  HTTP_SERVER_ERROR: 502,
  RATE_LIMITED: 502,
  TOO_MANY_REDIRECTS: 502,
  REDIRECT_LOOP: 502,
  BODY_TOO_LARGE: 502,
  DECOMPRESSION_BOMB: 502,
  HEADERS_TOO_LARGE: 502,
  UNSUPPORTED_CONTENT_TYPE: 502,
  WEBHOOK_DELIVERY_FAILED: 502,
  WEBHOOK_REJECTED: 502,
  // A dependency is down or full: retry later.
  DEPENDENCY_UNAVAILABLE: 503,
  REDIS_FULL: 503,
  REDIS_EVICTION_POLICY: 503,
  BROWSER_MISSING: 503,
  // Ours: stored data or a stage outcome that should not surface through a route.
  PAGE_BUDGET_EXCEEDED: 500,
  NOINDEX: 500,
  NO_ARTICLE: 500,
  INVALID_PAYLOAD: 500,
  INVALID_RECORD: 500,
  INDEX_TASK_FAILED: 500,
  WORKER_LOST: 500,
  STALLED: 500,
  RENDER_FAILED: 500,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

export function errorStatus(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
