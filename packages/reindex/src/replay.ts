import type { ArchiveStore } from '@ingest/archive';
import type { IngestDocument } from '@ingest/contracts';
import { enrichText } from '@ingest/enrich';
import { isHtmlContentType } from '@ingest/fetch';
import { buildDocument, processHtml } from '@ingest/pipeline';

/** The cross-page parts of processing, as the live pipeline has them (template learning, near-duplicate clusters). */
export interface ReplayHooks {
  /** Blocks learned as site template for a host; absent = in-page dedupe only. */
  boilerplateFor?: (host: string) => Promise<(fingerprint: string) => boolean>;
  /** The document's near-duplicate cluster; absent = exact-text clusters. */
  clusterOf?: (docId: string, text: string) => Promise<string>;
}

export type ReplayResult = { doc: IngestDocument } | { skipped: string };

/**
 * One archived response through today's extraction and enrichment, exactly as the extract and
 * enrich stages would process it, without fetching anything.
 */
export async function replayResponse(archive: ArchiveStore, key: string, hooks: ReplayHooks = {}): Promise<ReplayResult> {
  const { meta, body } = await archive.getResponse(key);
  if (meta.status < 200 || meta.status >= 300) return { skipped: `HTTP ${meta.status}` };
  const contentType = meta.headers['content-type'] ?? null;
  if (!isHtmlContentType(contentType, body)) return { skipped: `not HTML (${contentType ?? 'no content type'})` };
  const isBoilerplate = hooks.boilerplateFor ? await hooks.boilerplateFor(new URL(meta.finalUrl).host) : undefined;
  const { record, article } = processHtml({
    body,
    url: meta.url,
    finalUrl: meta.finalUrl,
    contentType,
    archiveKey: key,
    contentDigest: meta.contentDigest,
    fetchedAt: meta.fetchedAt,
    robotsTag: meta.headers['x-robots-tag'] ?? null,
    tdmHeaders: { reservation: meta.headers['tdm-reservation'], policy: meta.headers['tdm-policy'] },
    ...(isBoilerplate ? { isBoilerplate } : {}),
  });
  if (record.robots?.noindex) return { skipped: 'NOINDEX: the page or its X-Robots-Tag says noindex' };
  if (record.text.trim() === '') return { skipped: `NO_ARTICLE: ${article.reason ?? 'no main content found'}` };
  const enrichment = enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language });
  const clusterId = hooks.clusterOf ? await hooks.clusterOf(record.docId, record.text) : undefined;
  return { doc: buildDocument(record, enrichment, clusterId) };
}
