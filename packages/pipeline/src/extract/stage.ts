import { extractedKey } from '@ingest/archive';
import type { ExtractJob, StageResult } from '@ingest/contracts';
import { jobId, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import { enqueueLinks } from './discover.ts';
import { processHtml } from './process-html.ts';

/**
 * extract: read the archived body, extract metadata and the article from one parse, discover
 * links for crawls, store the result and hand it to enrich.
 */
export async function extractStage(deps: PipelineDeps, job: ExtractJob, ctx: StageContext): Promise<StageResult> {
  const { body } = await deps.archive.getResponse(job.archiveKey);
  const { record, article } = processHtml({ ...job, body });

  if (job.crawl) {
    const added = await enqueueLinks(deps, job.crawl, article.links, job.finalUrl);
    if (added > 0) ctx.log.debug({ added }, 'links enqueued');
  }
  await deps.stats.incr('blocks.removedInPage', article.stats.blocksRemovedInPage);
  await deps.stats.incr('blocks.removedByTemplate', article.stats.blocksRemovedByTemplate);

  if (record.text.trim() === '') {
    return { outcome: 'skipped', reason: `NO_ARTICLE: ${article.reason ?? 'no main content found'}` };
  }
  const key = extractedKey(record.docId, job.contentDigest);
  await deps.archive.putJson(key, record);
  await deps.queues.add(
    'enrich',
    { docId: record.docId, extractedKey: key, contentDigest: job.contentDigest, fetchedAt: job.fetchedAt },
    jobId('enrich', record.docId, job.contentDigest.slice(0, 32)),
  );
  return { outcome: 'done', docId: record.docId };
}
