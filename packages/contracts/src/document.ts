import { z } from 'zod';
import { DOCUMENT_ID_PATTERN } from '@ingest/ids';

export const relatedItemSchema = z.object({ title: z.string(), url: z.string() });

/** The indexed document. `id` is a hash of the canonical URL: Meilisearch ids allow only [A-Za-z0-9_-]. */
export const documentSchema = z.object({
  id: z.string().regex(DOCUMENT_ID_PATTERN),
  url: z.string(),
  canonicalUrl: z.string(),
  site: z.string(),
  siteName: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  authors: z.array(z.string()),
  publishedAt: z.string().nullable(),
  publishedTs: z.number().nullable(),
  modifiedAt: z.string().nullable(),
  language: z.string().nullable(),
  languageConfidence: z.number().min(0).max(1),
  section: z.string().nullable(),
  tags: z.array(z.string()),
  entities: z.object({ people: z.array(z.string()), organizations: z.array(z.string()), places: z.array(z.string()) }),
  keywords: z.array(z.string()),
  body: z.string(),
  related: z.array(relatedItemSchema),
  /** The lead image, with its caption and credit from the article's figure when the metadata lacks them. */
  image: z.object({ url: z.string(), caption: z.string().nullable(), credit: z.string().nullable() }).nullable(),
  /** schema.org isAccessibleForFree (or article:content_tier); null when the page does not say. */
  accessibleForFree: z.boolean().nullable().default(null),
  /** CSS selectors of the parts the page marks as paywalled (hasPart → isAccessibleForFree=false). */
  paywalledSelectors: z.array(z.string()).default([]),
  /** robots nosnippet / max-snippet:0 (meta or X-Robots-Tag): show no text snippet for this page. */
  nosnippet: z.boolean().default(false),
  /** TDMRep: the rights holder reserves text-and-data-mining rights (tdm-reservation header or meta), with its policy URL. */
  tdm: z.object({ reserved: z.boolean(), policy: z.string().nullable(), source: z.enum(['header', 'meta']).nullable() }).default({ reserved: false, policy: null, source: null }),
  /** The extractor's confidence that `body` is the page's article, 0..1 (text, link and paragraph signals, agreement with metadata). */
  extractionConfidence: z.number().min(0).max(1).nullable().default(null),
  wordCount: z.number().int().nonnegative(),
  readingTimeMinutes: z.number().nonnegative(),
  archiveKey: z.string(),
  /** S3 key of a PNG screenshot of the rendered page (sources with screenshots on). */
  screenshotKey: z.string().optional(),
  contentDigest: z.string(),
  fetchedAt: z.string(),
  clusterId: z.string(),
  /** 0 for the cluster's canonical (founding) member, 1 for the others: the tie-break of distinct. */
  clusterRank: z.number().int().min(0).max(1).default(0),
  version: z.number().int().nonnegative(),
  /**
   * The latest versions (changes of text or title beyond template noise), oldest first, set by the
   * index stage: the search UI shows "updated" and this history. The full list: GET /documents/{id}/versions.
   */
  history: z.array(z.object({ n: z.number().int().min(1), fetchedAt: z.string(), title: z.string() })).default([]),
});
export type IngestDocument = z.infer<typeof documentSchema>;
export type RelatedItem = z.infer<typeof relatedItemSchema>;

export const DOCUMENT_FIELDS = Object.keys(documentSchema.shape) as (keyof IngestDocument)[];
