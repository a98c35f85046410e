import { extractedKey } from '@ingest/archive';
import type { ExtractJob, StageResult } from '@ingest/contracts';
import { parseRobots } from '@ingest/metadata';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import { UrlStateStore } from '../state/url-state.ts';
import { enqueueLinks } from './discover.ts';
import { processHtmlInPool } from './page-pool.ts';
import { processHtml } from './process-html.ts';
import { removeSupersededDocument } from './supersede.ts';

/**
 * extract: read the archived body, extract metadata and the article from one parse, discover
 * links for crawls, store the result and hand it to enrich.
 */
export async function extractStage(deps: PipelineDeps, job: ExtractJob, ctx: StageContext): Promise<StageResult> {
  const { body } = await deps.archive.getResponse(job.archiveKey);
  // Given the template as data, so the page runs in the pool, which bounds its CPU and memory
  // (PAGE_BUDGET_EXCEEDED) and keeps this event loop free to renew locks.
  const run = (template: ReadonlySet<string>) =>
    deps.pagePool ? processHtmlInPool(deps.pagePool, { ...job, body, templateFingerprints: [...template] }) : Promise.resolve(processHtml({ ...job, body, templateFingerprints: [...template] }));
  const { record, article } = deps.dedupe ? await deps.dedupe.extractWithTemplate(job, run) : await run(new Set());

  if (job.crawl) {
    const added = await enqueueLinks(deps, job.crawl, article.links, job.finalUrl, { sourceId: job.sourceId, runId: job.runId });
    if (added > 0) ctx.log.debug({ added }, 'links enqueued');
  }
  await deps.stats.incr('blocks.removedInPage', article.stats.blocksRemovedInPage);
  await deps.stats.incr('blocks.removedByTemplate', article.stats.blocksRemovedByTemplate);

  const noindex = record.robots?.noindex === true;
  const hasArticle = record.text.trim() !== '' && !noindex;
  // Remembered whatever the outcome: the same bytes next time are "unchanged", not re-extracted.
  await new UrlStateStore(deps.redis, deps.queues.prefix).update(job.url, { processedDigest: job.contentDigest, docId: hasArticle ? record.docId : null });
  if (await removeSupersededDocument(deps, job.supersedes, hasArticle ? record.docId : null, job.fetchedAt)) {
    ctx.log.info({ old: job.supersedes, new: record.docId }, 'moved permanently; old document removal enqueued');
  }

  if (noindex) {
    // Archived (fetch already stored it) but not indexed; a version indexed before the page said
    // noindex is removed (the delete keeps any newer version).
    await deps.queues.add(
      'index',
      { op: 'delete', docId: record.docId, reason: 'noindex', version: Date.parse(job.fetchedAt) },
      jobId('index', 'delete', record.docId, 'noindex', job.contentDigest.slice(0, 32)),
    );
    return { outcome: 'skipped', reason: `NOINDEX: ${job.robotsTag && parseRobots([job.robotsTag]).noindex ? 'X-Robots-Tag' : 'robots meta'} says noindex` };
  }
  if (!hasArticle) {
    return { outcome: 'skipped', reason: `NO_ARTICLE: ${article.reason ?? 'no main content found'}` };
  }
  const key = extractedKey(record.docId, job.contentDigest);
  await deps.archive.putJson(key, job.screenshotKey ? { ...record, screenshotKey: job.screenshotKey } : record);
  await deps.queues.add(
    'enrich',
    { docId: record.docId, extractedKey: key, contentDigest: job.contentDigest, fetchedAt: job.fetchedAt },
    // The text hash lets a re-extraction with a newer site template reach enrich again.
    jobId('enrich', record.docId, job.contentDigest.slice(0, 32), shortHash(record.text, 12)),
  );
  return { outcome: 'done', docId: record.docId };
}
