import type { RawResponseMeta } from '@ingest/archive';
import type { ExtractJob, FetchJob } from '@ingest/contracts';
import type { FetchResponse } from '@ingest/fetch';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';

/** TDMRep headers, as sent (bounded); the extract stage decides what they mean beside the page's meta. */
export function tdmHeadersOf(headers: Record<string, string>): { tdmHeaders?: { reservation?: string; policy?: string } } {
  const reservation = headers['tdm-reservation']?.slice(0, 16);
  const policy = headers['tdm-policy']?.slice(0, 2048);
  if (reservation === undefined && policy === undefined) return {};
  return { tdmHeaders: { ...(reservation !== undefined ? { reservation } : {}), ...(policy !== undefined ? { policy } : {}) } };
}

/**
 * A crawl's extract jobs wait by depth: a page one level nearer the start holds the links the
 * fetchers are waiting for (a polite crawl idles its hosts while their next URLs sit behind a
 * backlog of leaf pages in the extract queue), so it is extracted first. Jobs outside a crawl
 * (single URLs, feed and sitemap entries) take BullMQ's plain wait list, ahead of every crawl page.
 */
export function extractPriority(job: Pick<FetchJob, 'crawl'>): { priority?: number } {
  return job.crawl ? { priority: Math.min(job.crawl.depth + 1, 1_000) } : {};
}

/**
 * An extraction's job id: (final URL, content digest), then whether it extracts the rendered DOM,
 * the document it supersedes and the repair it belongs to. The render stage names its extractions
 * with it too, so the same page never gets two names and a repair is always named apart.
 */
export function extractJobId(parts: { finalUrl: string; contentDigest: string; rendered?: boolean; supersedes?: string | null | undefined; repair?: string | undefined }): string {
  return jobId(
    'extract',
    shortHash(parts.finalUrl),
    parts.contentDigest.slice(0, 32),
    ...(parts.rendered ? ['rendered'] : []),
    ...(parts.supersedes ? [shortHash(parts.supersedes, 12)] : []),
    ...(parts.repair ? [parts.repair] : []),
  );
}

/**
 * (final URL, content digest) names the extraction, so a retried fetch of the same bytes adds
 * nothing; a redirect that supersedes another document gets its own job so the removal is not lost.
 */
export async function enqueueExtraction(
  deps: PipelineDeps,
  job: FetchJob,
  response: FetchResponse,
  archived: RawResponseMeta & { archiveKey: string },
  supersedes: string | null,
  repair?: string,
  hadArticle?: boolean,
  /** The fetch job, when this process may run the extraction inside it (deps.inline). */
  parent?: StageContext,
): Promise<void> {
  const id = extractJobId({ finalUrl: response.finalUrl, contentDigest: archived.contentDigest, supersedes, repair });
  const payload: ExtractJob = {
    url: job.url,
    finalUrl: response.finalUrl,
    archiveKey: archived.archiveKey,
    contentDigest: archived.contentDigest,
    fetchedAt: response.fetchedAt,
    contentType: response.contentType,
    ...(job.crawl ? { crawl: job.crawl } : {}),
    ...(job.sourceId ? { sourceId: job.sourceId } : {}),
    ...(job.runId ? { runId: job.runId } : {}),
    ...(supersedes ? { supersedes } : {}),
    ...(response.headers['x-robots-tag'] ? { robotsTag: response.headers['x-robots-tag'].slice(0, 4096) } : {}),
    ...tdmHeadersOf(response.headers),
    ...(hadArticle !== undefined ? { hadArticle } : {}),
  };
  if (parent && deps.inline?.extract && (await deps.inline.extract({ ...payload, body: response.body }, id, parent))) return;
  await deps.queues.add('extract', payload, id, extractPriority(job));
}
