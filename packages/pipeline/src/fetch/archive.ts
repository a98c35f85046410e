import type { ArchivedCapture } from '@ingest/archive';
import type { FetchJob } from '@ingest/contracts';
import type { FetchResponse } from '@ingest/fetch';
import type { PipelineDeps } from '../deps.ts';
import type { UrlState } from '../state/url-state.ts';

/**
 * Archives the exchange as WARC under a key from (final URL, content digest, the job's enqueue
 * day): a retried job that got the same bytes reuses the object already written, and the same
 * payload as the URL's last capture is stored as a revisit record pointing at it.
 */
export async function archiveCapture(deps: PipelineDeps, job: FetchJob, response: FetchResponse, state: UrlState, firstRun = false): Promise<ArchivedCapture> {
  const archived = await deps.archive.putResponse({
    url: job.url,
    finalUrl: response.finalUrl,
    status: response.status,
    headers: response.headers,
    fetchedAt: response.fetchedAt,
    redirects: response.redirects,
    body: response.body,
    requestHeaders: response.requestHeaders,
    remoteAddress: response.remoteAddress,
    day: job.enqueuedAt.slice(0, 10),
    previous: state.archiveKey && state.digest ? { archiveKey: state.archiveKey, contentDigest: state.digest } : null,
    sourceId: job.sourceId,
    captureId: `${job.enqueuedAt}|${job.runId ?? ''}`,
    firstRun,
  });
  if (!archived.revisit) await deps.stats.incr('bytes.archived', response.body.length);
  return archived;
}

/** A 304 is a fetch too: the archive records that the page was checked and found unchanged. */
export async function archiveRevisit(deps: PipelineDeps, job: FetchJob, response: FetchResponse, state: UrlState): Promise<string> {
  return deps.archive.putRevisit({
    url: response.finalUrl,
    status: response.status,
    headers: response.headers,
    requestHeaders: response.requestHeaders,
    remoteAddress: response.remoteAddress,
    fetchedAt: response.fetchedAt,
    day: job.enqueuedAt.slice(0, 10),
    previousDigest: state.digest,
    sourceId: job.sourceId,
  });
}
