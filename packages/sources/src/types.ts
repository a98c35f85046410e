import { z } from 'zod';

export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const sourceLimitsSchema = z.object({
  /** URLs one run may enqueue (sitemap/feed entries, crawl pages are bounded by crawl.maxPages). */
  maxUrls: z.number().int().min(1).max(1_000_000).default(50_000),
  /** Largest sitemap or feed accepted, after decompression (sitemaps.org allows 50 MB). */
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** Child sitemaps followed from sitemap indexes in one run. */
  maxSitemaps: z.number().int().min(1).max(50_000).default(1_000),
});

export const sourceCrawlSchema = z.object({
  maxPages: z.number().int().min(1).default(100),
  maxDepth: z.number().int().min(0).default(2),
  mode: z.enum(['host', 'domain']).default('host'),
  pathPrefixes: z.array(z.string()).optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
});

const HOUR_MS = 3_600_000;

/**
 * Adaptive recrawl: each page's (and feed's, sitemap's) interval halves when it changed and doubles
 * when it did not, between these bounds; a run fetches only the URLs that are due. The source's
 * schedule should run at least as often as minIntervalMs.
 */
export const adaptiveRecrawlSchema = z
  .object({
    minIntervalMs: z.number().int().min(1_000).default(HOUR_MS),
    maxIntervalMs: z
      .number()
      .int()
      .min(1_000)
      .default(7 * 24 * HOUR_MS),
  })
  .strict()
  .refine((b) => b.minIntervalMs <= b.maxIntervalMs, 'minIntervalMs must not exceed maxIntervalMs');

export const scheduleSchema = z.union([z.object({ every: z.number().int().min(1_000) }).strict(), z.object({ pattern: z.string().min(9) }).strict()]);

export const sourceInputSchema = z.object({
  id: z.string().regex(SOURCE_ID_PATTERN, 'lower-case letters, digits, "-" and "_", at most 64'),
  kind: z.enum(['url', 'sitemap', 'feed', 'crawl']),
  /** url: the pages; sitemap: sitemap URLs or site roots (robots.txt is read); feed: feed URLs; crawl: start URLs. */
  urls: z.array(z.string().url()).min(1).max(10_000),
  schedule: scheduleSchema.optional(),
  adaptive: adaptiveRecrawlSchema.optional(),
  crawl: sourceCrawlSchema.optional(),
  /**
   * Whether pages are rendered in a browser: never (default, no browser ever starts), always, or
   * auto (only where the plain page lacks the article, learned per host and URL pattern).
   */
  render: z.enum(['never', 'auto', 'always']).default('never'),
  /** A PNG screenshot of every rendered page, linked from its document. */
  screenshots: z.boolean().default(false),
  limits: sourceLimitsSchema.default({ maxUrls: 50_000, maxBytes: 50 * 1024 * 1024, maxSitemaps: 1_000 }),
});

export type SourceInput = z.input<typeof sourceInputSchema>;
export type SourceKind = z.output<typeof sourceInputSchema>['kind'];
export type Schedule = z.output<typeof scheduleSchema>;
export type AdaptiveRecrawl = z.output<typeof adaptiveRecrawlSchema>;
export type SourceLimits = z.output<typeof sourceLimitsSchema>;

export type SourceDefinition = z.output<typeof sourceInputSchema> & {
  createdAt: string;
  paused: boolean;
};

/** What an operator reads: the latest run's counts and the totals since the source was added. */
export interface SourceState {
  runs: number;
  runId: string | null;
  lastRunAt: string | null;
  /** When the run before the latest one started: sitemap/feed entries not modified since are skipped. */
  previousRunAt: string | null;
  lastDiscoveredAt: string | null;
  found: number;
  fetched: number;
  unchanged: number;
  removed: number;
  failed: number;
  /** Entries skipped at discovery because their lastmod/updated date predates the previous run. */
  notModifiedSinceLastRun: number;
  totals: Record<string, number>;
}

export interface SourceFailure {
  url: string;
  code: string;
  message: string;
  at: string;
  runId: string | null;
  /** The fetch job to retry, when the failure came from one. */
  jobId: string | null;
}

export type FetchOutcome = 'fetched' | 'unchanged' | 'removed' | 'failed';
