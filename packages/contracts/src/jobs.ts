import { z } from 'zod';
import { CONTENT_DIGEST_PATTERN, DOCUMENT_ID_PATTERN, RUN_ID_PATTERN } from '@ingest/ids';
import { ERROR_CODES, OUTCOME_CODES, type OutcomeCode } from '@ingest/errors';
import { documentSchema } from './document.ts';
import { QUEUES } from './queues.ts';

const isoDate = z.string().datetime({ offset: true });

export const crawlScopeSchema = z.object({
  mode: z.enum(['host', 'domain']).default('host'),
  startUrls: z.array(z.string().url()).min(1),
  pathPrefixes: z.array(z.string()).optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
});
export type CrawlScope = z.infer<typeof crawlScopeSchema>;

export const crawlContextSchema = z.object({
  crawlId: z.string().regex(RUN_ID_PATTERN),
  depth: z.number().int().min(0),
  maxDepth: z.number().int().min(0),
  maxPages: z.number().int().min(1),
  scope: crawlScopeSchema,
});
export type CrawlContext = z.infer<typeof crawlContextSchema>;

const sourceIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);
const runIdSchema = z.string().regex(RUN_ID_PATTERN);

/** Expand a registered source into fetch jobs; the run id comes from the job id (scheduled or manual). */
export const discoverJobSchema = z.object({
  sourceId: sourceIdSchema,
});
export type DiscoverJob = z.infer<typeof discoverJobSchema>;

export const fetchJobSchema = z.object({
  url: z.string().url().max(2048),
  enqueuedAt: isoDate,
  crawl: crawlContextSchema.optional(),
  sourceId: z.string().optional(),
  /** The source run that found this URL: one fetch per (run, URL). */
  runId: runIdSchema.optional(),
  /** The source's adaptive recrawl bounds: the fetch's outcome moves the URL's schedule. */
  adaptive: z.object({ minIntervalMs: z.number().int().positive(), maxIntervalMs: z.number().int().positive() }).optional(),
});
export type FetchJob = z.infer<typeof fetchJobSchema>;

export const extractJobSchema = z.object({
  url: z.string().url(),
  finalUrl: z.string().url(),
  archiveKey: z.string().min(1),
  contentDigest: z.string().regex(CONTENT_DIGEST_PATTERN),
  fetchedAt: isoDate,
  contentType: z.string().nullable(),
  crawl: crawlContextSchema.optional(),
  sourceId: z.string().optional(),
  runId: runIdSchema.optional(),
  /** The response's X-Robots-Tag header: extract honours its noindex/nosnippet beside the page's robots meta. */
  robotsTag: z.string().max(4096).optional(),
  /** The response's TDMRep headers (tdm-reservation, tdm-policy): extract records them, before the page's meta tags. */
  tdmHeaders: z.object({ reservation: z.string().max(16).optional(), policy: z.string().max(2048).optional() }).optional(),
  /** Document id of the URL before a permanent redirect: removed once the new document is known. */
  supersedes: z.string().regex(DOCUMENT_ID_PATTERN).optional(),
  /** S3 key of a screenshot of the rendered page, linked from the document. */
  screenshotKey: z.string().max(1024).optional(),
  /**
   * Whether the URL's previous extraction found an article (absent: never extracted). The host's
   * extraction figures count the articles a recrawl loses, whatever mix of pages it re-extracts.
   */
  hadArticle: z.boolean().optional(),
});
export type ExtractJob = z.infer<typeof extractJobSchema>;

/**
 * Render a fetched page in the browser: the fields extract would get (the raw capture) plus how
 * the source asked for it. `auto` renders only when the plain page lacks the article.
 */
export const renderJobSchema = extractJobSchema.extend({
  mode: z.enum(['auto', 'always']),
  screenshot: z.boolean().optional(),
  /**
   * Set when the fetch re-drives a page the index lost (a stale version won a race): the
   * extraction it leads to needs an id of its own, or the first extraction of the same bytes,
   * kept as completed, absorbs it.
   */
  repair: z
    .string()
    .regex(/^repair-[0-9a-f]{1,32}$/)
    .optional(),
});
export type RenderJob = z.infer<typeof renderJobSchema>;

export const indexUpsertJobSchema = z
  .object({
    op: z.literal('upsert').default('upsert'),
    docId: z.string().regex(DOCUMENT_ID_PATTERN),
    /**
     * The finished document, carried on the job: the extract stage used to store it in S3 for the
     * index stage to read back, one PUT and one GET per page for a record the job already holds
     * durably (the job lives in Redis until it completes, and a document is a few KB).
     */
    document: documentSchema.optional(),
    /** A document stored in the archive instead (repairs re-index a stored document). */
    documentKey: z.string().min(1).optional(),
    contentDigest: z.string().regex(CONTENT_DIGEST_PATTERN),
    /** Fetch time in ms: a late retry carrying an older version never replaces a newer document. */
    version: z.number().int().nonnegative(),
  })
  .refine((j) => j.document !== undefined || j.documentKey !== undefined, { message: 'an upsert carries its document or a documentKey' });

/** Remove a document (page gone, moved permanently, or now marked noindex); never removes a version newer than `version`. */
export const indexDeleteJobSchema = z.object({
  op: z.literal('delete'),
  docId: z.string().regex(DOCUMENT_ID_PATTERN),
  reason: z.enum(['gone', 'moved', 'noindex']),
  version: z.number().int().nonnegative(),
});

export const indexJobSchema = z.union([indexDeleteJobSchema, indexUpsertJobSchema]);
export type IndexJob = z.infer<typeof indexJobSchema>;
export type IndexUpsertJob = z.infer<typeof indexUpsertJobSchema>;
export type IndexDeleteJob = z.infer<typeof indexDeleteJobSchema>;

/** One schema per queue, imported by producer and consumer alike. */
export const JOB_SCHEMAS = {
  [QUEUES.discover]: discoverJobSchema,
  [QUEUES.fetch]: fetchJobSchema,
  [QUEUES.render]: renderJobSchema,
  [QUEUES.extract]: extractJobSchema,
  [QUEUES.index]: indexJobSchema,
} as const;

export type JobPayloads = {
  [QUEUES.discover]: DiscoverJob;
  [QUEUES.fetch]: FetchJob;
  [QUEUES.render]: RenderJob;
  [QUEUES.extract]: ExtractJob;
  [QUEUES.index]: IndexJob;
};

const outcomeCodes = [...Object.keys(ERROR_CODES), ...Object.keys(OUTCOME_CODES)] as [OutcomeCode, ...OutcomeCode[]];

/**
 * What a stage reports as its job's return value; `wait` and `status` summarise these. A skip or
 * an unchanged page carries a typed code from the registry and a message, never "CODE: message".
 */
export const stageResultSchema = z.object({
  outcome: z.enum(['done', 'skipped', 'unchanged', 'removed']),
  code: z.enum(outcomeCodes).optional(),
  reason: z.string().optional(),
  docId: z.string().optional(),
});
export type StageResult = z.infer<typeof stageResultSchema>;
