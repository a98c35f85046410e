// One list of error codes. Each code says what happened and what the operator can do; the README's
// error table is checked against this list by a test, so the two cannot drift apart.
export const ERROR_CODES = {
  INVALID_URL: { permanent: true, hint: 'The URL is not a valid absolute http(s) URL. Fix it and enqueue again.' },
  UNSUPPORTED_SCHEME: { permanent: true, hint: 'Only http and https URLs are fetched.' },
  URL_TOO_LONG: { permanent: true, hint: 'URLs longer than the limit are refused; check the source for generated URLs.' },
  BLOCKED_NETWORK: { permanent: true, hint: 'The host resolves to a private, loopback or metadata address. Allow it with FETCH_ALLOW_NETWORKS if intended.' },
  DNS_FAILURE: { permanent: false, hint: 'The host name did not resolve. Check the spelling; transient DNS errors are retried.' },
  CONNECT_FAILED: { permanent: false, hint: 'The host could not be reached. It is retried with back-off.' },
  TIMEOUT: { permanent: false, hint: 'The server was too slow (connect, headers or body timeout). It is retried with back-off.' },
  ROBOTS_DISALLOWED: { permanent: true, hint: "The site's robots.txt forbids this URL for our user agent." },
  HTTP_CLIENT_ERROR: { permanent: true, hint: 'The server answered 4xx (e.g. 404 Not Found). Check the URL.' },
  HTTP_GONE: { permanent: true, hint: 'The page is gone (404/410); it is removed from the index.' },
  HTTP_SERVER_ERROR: { permanent: false, hint: 'The server answered 5xx. It is retried with back-off.' },
  RATE_LIMITED: { permanent: false, hint: 'The server asked us to slow down (429/503). The job is delayed, honouring Retry-After.' },
  TOO_MANY_REDIRECTS: { permanent: true, hint: 'More redirects than allowed. Check the URL.' },
  REDIRECT_LOOP: { permanent: true, hint: 'The redirects form a loop. Check the site configuration.' },
  BODY_TOO_LARGE: { permanent: true, hint: 'The body exceeds FETCH_MAX_BYTES. Raise the limit if the page is legitimate.' },
  DECOMPRESSION_BOMB: { permanent: true, hint: 'The compressed body expands beyond the allowed size or ratio, or stacks more Content-Encoding layers than allowed; refused.' },
  HEADERS_TOO_LARGE: { permanent: true, hint: "The response headers exceed the fetcher's limit (256 KiB, as browsers); the server is broken or hostile." },
  PAGE_BUDGET_EXCEEDED: {
    permanent: true,
    hint: 'Decoding, parsing and extracting the page took more than EXTRACT_PAGE_BUDGET_MS or more memory than EXTRACT_PAGE_MAX_MEMORY_MB; its thread was stopped. Raise them if the page is legitimate.',
  },
  UNSUPPORTED_CONTENT_TYPE: { permanent: true, hint: 'Only HTML and XHTML are extracted; other types are recorded as skipped.' },
  NOINDEX: { permanent: true, hint: 'The page (robots meta) or its X-Robots-Tag header says noindex: it is archived but not indexed, and an older indexed version is removed.' },
  NO_ARTICLE: { permanent: true, hint: 'No article text was found on the page (index, login or media page).' },
  ARCHIVE_MISSING: { permanent: true, hint: 'The archived object is missing from S3. Re-enqueue the URL to fetch it again.' },
  INVALID_PAYLOAD: { permanent: true, hint: 'A job payload failed validation; a producer and consumer disagree on the contract.' },
  INVALID_RECORD: {
    permanent: true,
    hint: 'A stage record read from S3 (a document) failed its schema: it was written by another version or damaged. Re-enqueue the URL to process it again.',
  },
  INDEX_TASK_FAILED: { permanent: false, hint: 'Meilisearch rejected an indexing task. See the task error; it is retried.' },
  DEPENDENCY_UNAVAILABLE: {
    permanent: false,
    hint: 'Redis, S3 or Meilisearch did not answer (refused, timed out, 5xx). The stage pauses and re-probes; jobs wait without using up attempts. Check that they are running.',
  },
  REDIS_EVICTION_POLICY: {
    permanent: true,
    hint: 'Redis has a maxmemory-policy other than noeviction and could drop queued jobs. Set maxmemory-policy noeviction, or REDIS_ALLOW_EVICTION=true to accept the risk.',
  },
  REDIS_FULL: { permanent: false, hint: 'Redis reached maxmemory (noeviction) and refuses writes; the API answers 503. Free memory or raise maxmemory, then retry.' },
  WEBHOOK_DELIVERY_FAILED: {
    permanent: false,
    hint: 'The webhook receiver did not answer 2xx in time (5xx, 408, 429, timeout, refused). Retried with back-off up to WEBHOOK_ATTEMPTS; see ingest webhooks deliveries.',
  },
  WEBHOOK_REJECTED: { permanent: true, hint: 'The webhook receiver answered 4xx (other than 408 and 429) or a redirect; not retried. Fix the receiver or the URL.' },
  WORKER_LOST: { permanent: false, hint: 'The process running the job died or stopped renewing its lock; the job is retried by another worker.' },
  STALLED: {
    permanent: false,
    hint: 'The job stalled more times than the worker allows (its process died each time it ran it), so BullMQ failed it. Retry it (ingest jobs retry) once the cause is fixed.',
  },
  BROWSER_MISSING: {
    permanent: false,
    hint: 'A source asks for rendering but Chromium is not installed or not at RENDER_CHROMIUM_PATH. Install it (`apt-get install chromium`) or set RENDER_CHROMIUM_PATH; the job is retried.',
  },
  RENDER_FAILED: { permanent: false, hint: 'The browser crashed, hung past RENDER_PAGE_TIMEOUT_MS or closed the page; it was replaced and the job is retried.' },
  INTERNAL: { permanent: false, hint: 'An unexpected error; see the logs with the job id.' },
} as const satisfies Record<string, { permanent: boolean; hint: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes of stage outcomes that are not failures (a job that finished without producing the next
 * job). A skip carrying an error code (NO_ARTICLE, NOINDEX, UNSUPPORTED_CONTENT_TYPE) takes it from
 * ERROR_CODES; these are the others.
 */
export const OUTCOME_CODES = {
  NOT_MODIFIED: 'The server answered 304: the archived version is current.',
  SAME_DIGEST: 'The body is byte-identical to the version already processed.',
  SOURCE_NOT_FOUND: 'The source was removed before its scheduled run.',
  SOURCE_PAUSED: 'The source is paused; its scheduled run did nothing.',
  NOT_INDEXED: 'A delete found no indexed document.',
  NEWER_VERSION: 'A delete found a version indexed after the removal was decided, and kept it.',
} as const;

export type OutcomeCode = ErrorCode | keyof typeof OUTCOME_CODES;

/**
 * Codes recorded against a source (visible in `ingest sources show`), not against a job: nothing
 * retries them, the next run does. Each says what to do; the README lists them too.
 */
export const SOURCE_ERROR_CODES = {
  SOURCE_NOT_FOUND: 'No source with this id. List them with `ingest sources list`.',
  SOURCE_EXISTS: 'A source with this id is already registered. Pick another id, or remove the old one first.',
  INVALID_SOURCE: 'The source definition is invalid; fix the fields named in the message.',
  SITEMAP_MALFORMED: 'The sitemap is not a <urlset> or <sitemapindex> document. Check the URL; the rest of the source still runs.',
  FEED_MALFORMED: 'The feed is not RSS 2.0, Atom or JSON Feed. Check the URL; the rest of the source still runs.',
  DOCUMENT_TOO_LARGE: 'The sitemap or feed exceeds the size limit (after decompression); it was not read.',
  URL_LIMIT_REACHED: 'The source listed more URLs than its maxUrls limit; the rest were ignored. Raise the limit if intended.',
  FETCH_FAILED: 'The sitemap or feed could not be fetched; see the message. The next run tries again.',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;

export function describeError(code: ErrorCode): string {
  return ERROR_CODES[code].hint;
}
