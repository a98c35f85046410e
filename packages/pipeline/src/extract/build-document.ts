import { documentSchema, type IngestDocument } from '@ingest/contracts';
import { exactTextClusterId, rootClusterId } from '@ingest/dedupe';
import type { Enrichment } from '@ingest/enrich';
import type { ExtractedRecord } from './record.ts';

export function toTimestamp(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

// "storm-1200x630.jpg" and "storm-800x450.webp" are one picture in two renditions.
function imageStem(url: string): string {
  const path = URL.parse(url)?.pathname ?? url;
  const base = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)).toLowerCase();
  return base.replace(/\.[a-z0-9]{2,5}$/, '').replace(/[-_@](?:\d+x\d+|\d+w|\d+x)$/, '');
}

/**
 * The lead image: the page's declared image (JSON-LD / Open Graph), with caption and credit taken
 * from the article's own figure of the same picture when the metadata has none; without a
 * declared image, the article's first image.
 */
export function leadImage(declared: IngestDocument['image'], images: ExtractedRecord['images']): IngestDocument['image'] {
  const stem = declared ? imageStem(declared.url) : '';
  const inArticle = declared ? images.find((i) => stem.length >= 3 && imageStem(i.src) === stem) : images[0];
  if (!inArticle) return declared;
  return {
    url: declared?.url ?? inArticle.src,
    caption: declared?.caption ?? (inArticle.caption || null),
    credit: declared?.credit ?? (inArticle.credit || null),
  };
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
    image: leadImage(m.image, record.images),
    // records stored before these fields existed have neither access nor robots
    accessibleForFree: m.access?.accessibleForFree ?? null,
    paywalledSelectors: m.access?.paywalledSelectors ?? [],
    nosnippet: record.robots?.nosnippet ?? false,
    tdm: record.tdm ?? { reserved: false, policy: null, source: null },
    extractionConfidence: record.extractionConfidence ?? null,
    wordCount: enrichment.wordCount,
    readingTimeMinutes: enrichment.readingTimeMinutes,
    archiveKey: record.archiveKey,
    ...(record.screenshotKey ? { screenshotKey: record.screenshotKey } : {}),
    contentDigest: record.contentDigest,
    fetchedAt: record.fetchedAt,
    clusterId: cluster,
    // The member that founded its cluster ranks first, so search collapses a cluster onto it.
    clusterRank: clusterId === undefined || cluster === rootClusterId(record.docId) ? 0 : 1,
    version: Date.parse(record.fetchedAt),
    // Set by the index stage from the document's recorded versions.
    history: [],
  };
  return documentSchema.parse(doc);
}
