import { z } from 'zod';

const bool = z.union([z.boolean(), z.string()]).transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())));
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/**
 * Every setting, its env var and its default, in one place (as Crawlee's configuration.ts).
 * `env` is the variable name; `doc` feeds the README table (a test keeps the two in step).
 */
export const SETTINGS = {
  dataDir: { env: 'INGEST_DATA_DIR', schema: z.string().default('.data'), doc: 'Directory for embedded services data, keys and the stack file.' },
  redisUrl: {
    env: 'REDIS_URL',
    schema: z.string().default('redis://127.0.0.1:6379'),
    doc: 'Redis for queues and shared state. If nothing answers at the default and redis-server is on the PATH, `ingest start` runs one under the data directory.',
  },
  redisCluster: {
    env: 'REDIS_CLUSTER',
    schema: bool.default(false),
    doc: 'Talk to a Redis Cluster: REDIS_URL then lists one or more seed nodes, comma-separated (`redis://10.0.0.1:6379,redis://10.0.0.2:6379`), and the rest are discovered. QUEUE_PREFIX must be a hash tag (`{...}`).',
  },
  redisAllowEviction: {
    env: 'REDIS_ALLOW_EVICTION',
    schema: bool.default(false),
    doc: 'Start although Redis has a maxmemory-policy other than noeviction (Redis may then silently drop queued jobs). Without it every process refuses to start and the API /readyz answers 503.',
  },
  redisCommandTimeoutMs: { env: 'REDIS_COMMAND_TIMEOUT_MS', schema: int(500, 50), doc: 'How long a producer (API, CLI) waits for a Redis reply before answering 503 / failing; workers wait forever.' },
  redisAofWaitMs: {
    env: 'REDIS_AOF_WAIT_MS',
    schema: int(1500, 1),
    doc: 'How long the API waits (WAITAOF, Redis >= 7.2 with appendonly) for an enqueue to reach the disk before it answers 202; 503 when it does not.',
  },
  queuePrefix: {
    env: 'QUEUE_PREFIX',
    schema: z.string().default('{ingest}'),
    doc: 'Namespace of the Redis keys of a stack: shared state under `{ns}`, each queue under a hash tag of its own, `{ns:queue}` (see Redis Cluster below). Unset under `ingest start`: `{ingest-<stack id>}`, with the id kept in the data directory, so stacks sharing one Redis stay apart.',
  },
  meiliUrl: { env: 'MEILI_URL', schema: optionalString, doc: 'Meilisearch URL. Unset: an embedded Meilisearch is started with its data under the data directory.' },
  meiliEmbeddedPort: {
    env: 'MEILI_EMBEDDED_PORT',
    schema: int(7700, 1),
    doc: 'Port tried first for the embedded Meilisearch; when another process holds it, a free port is used and kept in the data directory.',
  },
  meiliMasterKey: { env: 'MEILI_MASTER_KEY', schema: optionalString, doc: 'Meilisearch master key (server side only). Unset with embedded Meilisearch: generated and kept in the data directory.' },
  meiliPublicUrl: { env: 'MEILI_PUBLIC_URL', schema: optionalString, doc: 'Meilisearch URL as the browser reaches it (search UI); defaults to MEILI_URL.' },
  meiliIndex: { env: 'MEILI_INDEX', schema: z.string().default('documents'), doc: 'Name of the documents index.' },
  searchProximity: {
    env: 'SEARCH_PROXIMITY',
    schema: z.enum(['word', 'attribute']).default('word'),
    doc: 'word: a quoted phrase matches only side by side and word distance ranks. attribute: words in one field count as close; about 40-50 % less Meilisearch CPU per document indexed, but phrases match their words anywhere in one field. Changing it re-indexes once.',
  },
  s3Endpoint: { env: 'S3_ENDPOINT', schema: optionalString, doc: 'S3-compatible endpoint. Unset: an embedded s3rver is started under the data directory.' },
  s3EmbeddedPort: {
    env: 'S3_EMBEDDED_PORT',
    schema: int(4569, 1),
    doc: 'Port tried first for the embedded s3rver; when another process holds it, a free port is used and kept in the data directory.',
  },
  s3Region: { env: 'S3_REGION', schema: z.string().default('us-east-1'), doc: 'S3 region.' },
  s3Bucket: { env: 'S3_BUCKET', schema: z.string().default('ingest-archive'), doc: 'Bucket for raw pages and extracted documents (created if missing).' },
  s3AccessKeyId: { env: 'S3_ACCESS_KEY_ID', schema: z.string().default('S3RVER'), doc: 'S3 access key id.' },
  s3SecretAccessKey: { env: 'S3_SECRET_ACCESS_KEY', schema: z.string().default('S3RVER'), doc: 'S3 secret (never logged).' },
  s3ForcePathStyle: { env: 'S3_FORCE_PATH_STYLE', schema: bool.default(true), doc: 'Path-style bucket addressing (needed by most self-hosted stores).' },
  apiHost: { env: 'API_HOST', schema: z.string().default('127.0.0.1'), doc: 'Address the API, dashboard and search UI listen on.' },
  apiPort: { env: 'API_PORT', schema: int(8080), doc: 'Port of the API, dashboard and search UI (0 picks a free port).' },
  metricsHost: { env: 'METRICS_HOST', schema: z.string().default('127.0.0.1'), doc: 'Address each service serves /metrics, /healthz and /readyz on (0.0.0.0 in containers).' },
  metricsPort: { env: 'METRICS_PORT', schema: int(9464), doc: "Port of each service's /metrics, /healthz and /readyz (0 picks a free port; the URL is logged at start)." },
  apiKey: { env: 'API_KEY', schema: optionalString, doc: 'Operator API key. Unset: generated and kept in the data directory.' },
  apiAuthFailureLimit: {
    env: 'API_AUTH_FAILURE_LIMIT',
    schema: int(10, 1),
    doc: 'Wrong API keys one client IP may send per minute; further wrong keys answer 429 with Retry-After until the minute is over (right keys keep working).',
  },
  fetchUserAgent: { env: 'FETCH_USER_AGENT', schema: z.string().default('IngestBot/0.1 (+https://example.invalid/bot)'), doc: 'User agent sent with every request and matched against robots.txt.' },
  fetchAllowNetworks: { env: 'FETCH_ALLOW_NETWORKS', schema: z.string().default(''), doc: 'Comma-separated CIDRs the fetcher may connect to although private/loopback (e.g. 127.0.0.0/8).' },
  fetchHostConcurrency: { env: 'FETCH_HOST_CONCURRENCY', schema: int(2, 1), doc: 'Requests in flight per host, across all fetcher processes.' },
  fetchHostDelayMs: { env: 'FETCH_HOST_DELAY_MS', schema: int(1000), doc: 'Minimum gap between two request starts on one host.' },
  fetchHostMaxDelayMs: {
    env: 'FETCH_HOST_MAX_DELAY_MS',
    schema: int(30_000),
    doc: 'Longest gap adaptive politeness may slow a host to (it follows response times, 429/503 and server errors; back to FETCH_HOST_DELAY_MS or Crawl-delay when healthy). 0 keeps the gap fixed.',
  },
  fetchConcurrency: { env: 'FETCH_CONCURRENCY', schema: int(32, 1), doc: 'Fetch jobs one fetcher process runs at once.' },
  fetchTimeoutMs: { env: 'FETCH_TIMEOUT_MS', schema: int(30000, 100), doc: 'Whole-request timeout (connect, headers and body).' },
  fetchMaxBytes: { env: 'FETCH_MAX_BYTES', schema: int(10 * 1024 * 1024, 1024), doc: 'Largest response body accepted (after decompression).' },
  fetchMaxRedirects: { env: 'FETCH_MAX_REDIRECTS', schema: int(10), doc: 'Redirect hops followed before giving up.' },
  fetchMaxRetryAfterMs: { env: 'FETCH_MAX_RETRY_AFTER_MS', schema: int(3_600_000), doc: 'Longest pause a 429/503 Retry-After may impose on a job and its host; longer requests are clamped to this.' },
  fetchRespectRobots: { env: 'FETCH_RESPECT_ROBOTS', schema: bool.default(true), doc: 'Obey robots.txt.' },
  fetchRobotsErrorTtlMs: {
    env: 'FETCH_ROBOTS_ERROR_TTL_MS',
    schema: int(300_000, 1_000),
    doc: "How long an unreachable robots.txt (5xx, network) blocks its site before it is fetched again; the site's pages retry no sooner.",
  },
  renderChromiumPath: {
    env: 'RENDER_CHROMIUM_PATH',
    schema: z.string().default('chromium'),
    doc: 'Chromium binary the render stage drives (a name on the PATH or a path); install it with `apt-get install chromium`. Only started when a source asks for rendering.',
  },
  renderConcurrency: { env: 'RENDER_CONCURRENCY', schema: int(2, 1), doc: 'Pages one renderer process renders at once (one browser, one context per page in flight).' },
  renderPagesPerContext: { env: 'RENDER_PAGES_PER_CONTEXT', schema: int(20, 1), doc: 'Pages rendered in one browser context before it is replaced (bounds what a context accumulates).' },
  renderPageTimeoutMs: {
    env: 'RENDER_PAGE_TIMEOUT_MS',
    schema: int(20000, 1000),
    doc: 'Wall-clock time one page may take to render (load, scripts, consent, snapshot); past it the page is abandoned and its browser replaced.',
  },
  renderMaxBrowserMemoryMb: {
    env: 'RENDER_MAX_BROWSER_MEMORY_MB',
    schema: int(1024, 64),
    doc: 'Resident memory of the browser (all its processes) above which it is replaced once its pages finish.',
  },
  renderBlock: {
    env: 'RENDER_BLOCK',
    schema: z.string().default('trackers,fonts,media'),
    doc: "What a rendered page may not load: any of `trackers` (ads/trackers by a built-in host list), `fonts`, `media`, `images`, `third-party` (every host but the page's registrable domain); empty loads everything.",
  },
  extractConcurrency: {
    env: 'EXTRACT_CONCURRENCY',
    schema: int(8, 1),
    doc: 'Extraction jobs one extractor process runs at once. More than the pool: a job spends most of its time on S3 and Redis, and its page waits for a free thread.',
  },
  extractPoolSize: {
    env: 'EXTRACT_POOL_SIZE',
    schema: int(0),
    doc: "Worker threads that decode, parse and extract pages in one extractor process; 0 means the machine's cores, at most EXTRACT_CONCURRENCY.",
  },
  extractPageBudgetMs: {
    env: 'EXTRACT_PAGE_BUDGET_MS',
    schema: int(5000, 100),
    doc: 'Wall-clock time one page may take to decode, parse and extract; past it the thread is stopped and the page fails with PAGE_BUDGET_EXCEEDED.',
  },
  extractPageMaxMemoryMb: {
    env: 'EXTRACT_PAGE_MAX_MEMORY_MB',
    schema: int(512, 16),
    doc: 'Heap limit (V8 old generation) of each extraction thread; a page needing more fails with PAGE_BUDGET_EXCEEDED.',
  },
  pipelineInline: {
    env: 'PIPELINE_INLINE',
    schema: bool.default(true),
    doc: 'A process that runs fetch with extract (and index) runs a page through them in its fetch job, not one queue hop each; a paused or failing stage still goes through its queue. 0 = every hop through its queue.',
  },
  indexBatchSize: { env: 'INDEX_BATCH_SIZE', schema: int(500, 1), doc: 'Documents per Meilisearch upsert batch.' },
  indexBatchWaitMs: { env: 'INDEX_BATCH_WAIT_MS', schema: int(250), doc: 'How long the indexer waits to fill a batch.' },
  jobAttempts: {
    env: 'JOB_ATTEMPTS',
    schema: int(5, 1),
    doc: "Attempts for transient failures (exponential back-off with jitter, never sooner than the failure's own retry time, e.g. a robots.txt outage).",
  },
  jobKeepCompleted: {
    env: 'JOB_KEEP_COMPLETED',
    schema: int(100, 0),
    doc: 'Completed jobs kept per queue (the newest, for at most a day) for the dashboard and `ingest jobs`. Enqueue dedupe and the audit read URL state instead, so Redis memory per page stays small after a crawl drains.',
  },
  jobLockMs: { env: 'JOB_LOCK_MS', schema: int(30000, 1000), doc: 'Job lock duration: a worker that dies mid-job has its job picked up by another after about this long.' },
  auditIntervalMs: {
    env: 'AUDIT_INTERVAL_MS',
    schema: int(600_000),
    doc: 'How often the API process audits accepted pages against the index and logs lost ones (0 turns it off; `ingest audit` runs one on demand).',
  },
  webhookAllowNetworks: {
    env: 'WEBHOOK_ALLOW_NETWORKS',
    schema: z.string().default(''),
    doc: 'Comma-separated CIDRs webhook deliveries may connect to although private/loopback; every other such address is refused (BLOCKED_NETWORK), at registration and at connect time.',
  },
  webhookAttempts: { env: 'WEBHOOK_ATTEMPTS', schema: int(8, 1), doc: 'Delivery attempts per event and webhook (exponential back-off from WEBHOOK_BACKOFF_MS, with jitter).' },
  webhookBackoffMs: { env: 'WEBHOOK_BACKOFF_MS', schema: int(10_000, 1), doc: 'Delay before the second delivery attempt; each further one waits twice as long (8 attempts span about 20 minutes).' },
  webhookTimeoutMs: { env: 'WEBHOOK_TIMEOUT_MS', schema: int(10_000, 100), doc: 'How long a receiver has to answer a delivery (connect, headers and body); slower counts as a failed attempt.' },
  webhookRunCheckMs: {
    env: 'WEBHOOK_RUN_CHECK_MS',
    schema: int(2_000, 100),
    doc: 'How often the API process checks whether source runs have finished, for crawl.completed and crawl.failed (only while a webhook subscribes to them).',
  },
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', schema: int(20000, 100), doc: 'Deadline for a clean shutdown; keep it below the orchestrator grace period.' },
  otelEnabled: {
    env: 'OTEL_ENABLED',
    schema: bool.default(false),
    doc: 'OpenTelemetry spans for every enqueue and job, with the trace context carried from stage to stage (register a tracer provider, e.g. the OTLP exporter).',
  },
  logLevel: { env: 'LOG_LEVEL', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), doc: 'pino log level.' },
  logFormat: {
    env: 'LOG_FORMAT',
    schema: z.enum(['auto', 'json', 'pretty']).default('auto'),
    doc: 'auto: readable lines (pino-pretty) when the log goes to a terminal, JSON lines otherwise; json or pretty force one.',
  },
} as const;

type Settings = typeof SETTINGS;
export type Config = { -readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };
