import { documentKey } from '@ingest/archive';
import { parseStageRecord, type FetchJob } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import type { FetchResponse } from '@ingest/fetch';
import { jobId, shortHash } from '@ingest/queue';
import { documentId } from '@ingest/urls';
import type { PipelineDeps } from '../deps.ts';
import type { UrlState, UrlStateStore } from '../state/url-state.ts';

// What a fetch's outcome means for the index: a gone page's document is deleted, a permanently
// redirected URL's document is superseded, and an unchanged page whose document the index lost is
// indexed again.

export function isGone(err: unknown): boolean {
  return err instanceof IngestError && err.code === 'HTTP_GONE';
}

/**
 * A 404/410 removes the URL's document from the index (the id extraction produced, or the URL's
 * own). The job id names the content that was indexed, so a retry adds no second delete, while
 * a page that comes back and goes again is deleted again.
 */
export async function removeGoneDocument(deps: PipelineDeps, job: FetchJob, state: UrlState, store: UrlStateStore): Promise<string> {
  const docId = state.docId ?? documentId(job.url);
  await deps.queues.add('index', { op: 'delete', docId, reason: 'gone', version: Date.now() }, jobId('index', 'delete', docId, (state.processedDigest ?? 'none').slice(0, 32)));
  await store.update(job.url, { digest: null, processedDigest: null, etag: null, lastModified: null });
  return docId;
}

const PERMANENT = new Set([301, 308]);

/**
 * The document id the requested URL stood for, when its first hop is a permanent redirect: that
 * document is removed once the new URL's document is known. Temporary redirects keep the old id.
 */
export function supersededDocId(requestedUrl: string, response: FetchResponse, state: UrlState): string | null {
  const first = response.redirects[0];
  if (!first || !PERMANENT.has(first.status) || response.finalUrl === requestedUrl) return null;
  return state.docId ?? documentId(requestedUrl);
}

/**
 * The page is what was processed last time, but the index holds another version of its document
 * (or none): the document built then is indexed again. Its job id is new for each repairing
 * fetch, since the original index job is kept as completed and would absorb a same-named one.
 * Returns false when that document is not in the archive (extraction never stored it): extraction
 * then runs as for a changed page.
 */
export async function reindexProcessed(deps: PipelineDeps, docId: string, contentDigest: string, fetchedAt: string): Promise<boolean> {
  const key = documentKey(docId, contentDigest);
  // A missing or torn record reads as ARCHIVE_MISSING: then the page is extracted again.
  const doc = await deps.archive.getJson(key).then(
    (value) => parseStageRecord('document', value, key),
    (err: unknown) => {
      if (err instanceof IngestError && err.code === 'ARCHIVE_MISSING') return null;
      throw err;
    },
  );
  if (!doc) return false;
  await deps.queues.add('index', { op: 'upsert', docId, documentKey: key, contentDigest, version: doc.version }, jobId('index', docId, contentDigest.slice(0, 32), 'repair', shortHash(fetchedAt, 12)));
  return true;
}
