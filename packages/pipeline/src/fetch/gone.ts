import type { FetchJob } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import { jobId } from '@ingest/queue';
import { documentId } from '@ingest/urls';
import type { PipelineDeps } from '../deps.ts';
import type { UrlState, UrlStateStore } from '../state/url-state.ts';

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
