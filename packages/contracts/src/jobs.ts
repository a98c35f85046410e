import { z } from 'zod';
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
  crawlId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  depth: z.number().int().min(0),
  maxDepth: z.number().int().min(0),
  maxPages: z.number().int().min(1),
  scope: crawlScopeSchema,
});
export type CrawlContext = z.infer<typeof crawlContextSchema>;

export const fetchJobSchema = z.object({
  url: z.string().url().max(2048),
  enqueuedAt: isoDate,
  crawl: crawlContextSchema.optional(),
  sourceId: z.string().optional(),
});
export type FetchJob = z.infer<typeof fetchJobSchema>;

export const extractJobSchema = z.object({
  url: z.string().url(),
  finalUrl: z.string().url(),
  archiveKey: z.string().min(1),
  contentDigest: z.string().regex(/^[a-f0-9]{64}$/),
  fetchedAt: isoDate,
  contentType: z.string().nullable(),
  crawl: crawlContextSchema.optional(),
  sourceId: z.string().optional(),
});
export type ExtractJob = z.infer<typeof extractJobSchema>;

export const enrichJobSchema = z.object({
  docId: z.string().regex(/^[A-Za-z0-9_-]{1,511}$/),
  extractedKey: z.string().min(1),
  contentDigest: z.string().regex(/^[a-f0-9]{64}$/),
  fetchedAt: isoDate,
});
export type EnrichJob = z.infer<typeof enrichJobSchema>;

export const indexJobSchema = z.object({
  docId: z.string().regex(/^[A-Za-z0-9_-]{1,511}$/),
  documentKey: z.string().min(1),
  contentDigest: z.string().regex(/^[a-f0-9]{64}$/),
  /** Fetch time in ms: a late retry carrying an older version never replaces a newer document. */
  version: z.number().int().nonnegative(),
});
export type IndexJob = z.infer<typeof indexJobSchema>;

/** One schema per queue, imported by producer and consumer alike. */
export const JOB_SCHEMAS = {
  [QUEUES.fetch]: fetchJobSchema,
  [QUEUES.extract]: extractJobSchema,
  [QUEUES.enrich]: enrichJobSchema,
  [QUEUES.index]: indexJobSchema,
} as const;

export type JobPayloads = {
  [QUEUES.fetch]: FetchJob;
  [QUEUES.extract]: ExtractJob;
  [QUEUES.enrich]: EnrichJob;
  [QUEUES.index]: IndexJob;
};

/** What a stage reports as its job's return value; `wait` and `status` summarise these. */
export const stageResultSchema = z.object({
  outcome: z.enum(['done', 'skipped', 'unchanged']),
  reason: z.string().optional(),
  docId: z.string().optional(),
});
export type StageResult = z.infer<typeof stageResultSchema>;
