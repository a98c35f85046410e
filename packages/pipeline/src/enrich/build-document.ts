import { documentSchema, type IngestDocument } from '@ingest/contracts';
import { exactTextClusterId, rootClusterId } from '@ingest/dedupe';
import type { Enrichment } from '@ingest/enrich';
import type { ExtractedRecord } from '../extract/record.ts';

export function toTimestamp(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** Joins extraction and enrichment into the indexed document, validated against its schema. */
export function buildDocument(record: ExtractedRecord, enrichment: Enrichment, clusterId?: string): IngestDocument {
  const m = record.metadata;
  // Without near-duplicate clustering (e.g. `ingest extract`), identical texts still share a cluster.
  const cluster = clusterId ?? exactTextClusterId(record.text);
  const doc: IngestDocument = {
    id: record.docId,
    url: record.url,
    canonicalUrl: record.canonicalUrl,
    site: new URL(record.canonicalUrl).hostname,
    siteName: m.siteName,
    title: record.title,
    description: m.description,
    authors: m.authors,
    publishedAt: m.publishedAt,
    publishedTs: toTimestamp(m.publishedAt),
    modifiedAt: m.modifiedAt,
    language: enrichment.language,
    languageConfidence: enrichment.languageConfidence,
    section: m.section,
    tags: m.tags,
    entities: enrichment.entities,
    keywords: enrichment.keywords,
    body: record.text,
    related: record.related,
    image: m.image,
    wordCount: enrichment.wordCount,
    readingTimeMinutes: enrichment.readingTimeMinutes,
    archiveKey: record.archiveKey,
    contentDigest: record.contentDigest,
    fetchedAt: record.fetchedAt,
    clusterId: cluster,
    // The member that founded its cluster ranks first, so search collapses a cluster onto it.
    clusterRank: clusterId === undefined || cluster === rootClusterId(record.docId) ? 0 : 1,
    version: Date.parse(record.fetchedAt),
  };
  return documentSchema.parse(doc);
}
