import type { FetchJob } from '@ingest/contracts';
import type { FetchResponse } from '@ingest/fetch';
import type { PipelineDeps } from '../deps.ts';
import type { UrlState } from '../state/url-state.ts';

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
