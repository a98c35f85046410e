import type { FetchJob, StageResult } from '@ingest/contracts';
import { isHtmlContentType } from '@ingest/fetch';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';

/**
 * fetch: GET the page (politeness, robots and the network guard live in the fetcher), archive the
 * raw response to S3 under a content-addressed key, then hand the archive key to extraction.
 */
export async function fetchStage(deps: PipelineDeps, job: FetchJob, ctx: StageContext): Promise<StageResult> {
  const response = await deps.fetcher.fetch(job.url, ctx.signal);
  await deps.stats.incr('bytes.fetched', response.body.length);

  const archived = await deps.archive.putResponse({
    url: job.url,
    finalUrl: response.finalUrl,
    status: response.status,
    headers: response.headers,
    fetchedAt: response.fetchedAt,
    redirects: response.redirects,
    body: response.body,
  });
  await deps.stats.incr('bytes.archived', response.body.length);

  if (!isHtmlContentType(response.contentType, response.body)) {
    ctx.log.info({ contentType: response.contentType }, 'not HTML; archived and skipped');
    return { outcome: 'skipped', reason: `UNSUPPORTED_CONTENT_TYPE: ${response.contentType ?? 'none'}` };
  }

  // (URL, content digest) names the extraction: a retried fetch of the same bytes adds nothing.
  const id = jobId('extract', shortHash(response.finalUrl), archived.contentDigest.slice(0, 32));
  await deps.queues.add(
    'extract',
    {
      url: job.url,
      finalUrl: response.finalUrl,
      archiveKey: archived.archiveKey,
      contentDigest: archived.contentDigest,
      fetchedAt: response.fetchedAt,
      contentType: response.contentType,
      ...(job.crawl ? { crawl: job.crawl } : {}),
      ...(job.sourceId ? { sourceId: job.sourceId } : {}),
    },
    id,
  );
  ctx.log.debug({ archiveKey: archived.archiveKey, status: response.status }, 'fetched and archived');
  return { outcome: 'done' };
}
