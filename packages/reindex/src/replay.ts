import type { ArchiveStore } from '@ingest/archive';
import type { IngestDocument } from '@ingest/contracts';
import { isHtmlContentType } from '@ingest/charset';
import { processPage, type PageSteps } from '@ingest/pipeline';

/** The cross-page parts of processing, as the live pipeline has them (template learning, near-duplicate clusters). */
export interface ReplayHooks {
  /** Blocks learned as site template for a host; absent = in-page dedupe only. */
  templateFor?: (host: string) => Promise<ReadonlySet<string>>;
  /** The document's near-duplicate cluster; absent = exact-text clusters. */
  clusterOf?: NonNullable<PageSteps['cluster']>;
}

/** A skip's code groups the report (NO_ARTICLE, NOINDEX, a permanent error code, HTTP_STATUS, NOT_HTML). */
export type ReplayResult = { doc: IngestDocument } | { skipped: { code: string; message: string } };

/**
 * One archived response through today's page path (processPage, as the extract stage runs it),
 * with the host's current template and without learning or fetching anything.
 */
export async function replayResponse(archive: ArchiveStore, key: string, hooks: ReplayHooks = {}): Promise<ReplayResult> {
  const { meta, body } = await archive.getResponse(key);
  if (meta.status < 200 || meta.status >= 300) return { skipped: { code: 'HTTP_STATUS', message: `HTTP ${meta.status}` } };
  const contentType = meta.headers['content-type'] ?? null;
  if (!isHtmlContentType(contentType, body)) return { skipped: { code: 'NOT_HTML', message: contentType ?? 'no content type' } };
  const steps: PageSteps = {};
  const { templateFor, clusterOf } = hooks;
  if (templateFor) {
    steps.template = async (extract) => {
      const template = await templateFor(new URL(meta.finalUrl).host);
      return { result: await extract(template), reprocess: { version: 0, pages: [] }, blocksLearned: 0, rerunInPlace: false, templateOnly: false };
    };
  }
  if (clusterOf) steps.cluster = clusterOf;
  const page = await processPage(
    {
      body,
      url: meta.url,
      finalUrl: meta.finalUrl,
      contentType,
      archiveKey: key,
      contentDigest: meta.contentDigest,
      fetchedAt: meta.fetchedAt,
      robotsTag: meta.headers['x-robots-tag'] ?? null,
      tdmHeaders: { reservation: meta.headers['tdm-reservation'], policy: meta.headers['tdm-policy'] },
    },
    steps,
  );
  if (!page.doc) return { skipped: page.skip };
  // As the extract stage takes it from the render job: the screenshot belongs to the capture, not the page.
  return { doc: meta.screenshotKey ? { ...page.doc, screenshotKey: meta.screenshotKey } : page.doc };
}
