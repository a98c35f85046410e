import type { ExtractJob, StageResult } from '@ingest/contracts';
import { DEDUPE_COUNTERS, type TemplateOutcome } from '@ingest/dedupe';
import { generationOf } from '@ingest/extraction-health';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import { UrlStateStore } from '../state/url-state.ts';
import { enqueueLinks } from './discover.ts';
import { processHtmlInPool } from './page-pool.ts';
import type { ProcessResult } from './process-html.ts';
import { processPage, type PageOutcome, type PageSteps } from './process-page.ts';
import { removeSupersededDocument } from './supersede.ts';

/**
 * extract: read the archived body, run the page's one path (processPage: extraction, template
 * dedupe, enrichment, cluster, document), discover links for crawls, store the document and hand
 * it to index on the job. Enrichment is a step here, not a stage of its own: a separate hop cost a queue
 * round trip, one S3 PUT and one GET per page and bought nothing (it needs no other resource).
 */
export async function extractStage(deps: PipelineDeps, job: ExtractJob, ctx: StageContext, fetched?: Buffer): Promise<StageResult> {
  // A fetch that runs its extraction inline (inline.ts) hands over the body it just archived.
  const body = fetched ?? (await deps.archive.getResponse(job.archiveKey)).body;
  const steps: PageSteps = {};
  // Given the template as data, so the page runs in the pool, which bounds its CPU and memory
  // (PAGE_BUDGET_EXCEEDED) and keeps this event loop free to renew locks.
  if (deps.pagePool) {
    const pool = deps.pagePool;
    steps.extract = (template) => processHtmlInPool(pool, { ...job, body, templateFingerprints: [...template] });
  }
  if (deps.dedupe) {
    const dedupe = deps.dedupe;
    steps.template = (extract) => dedupe.extractWithTemplate(job, extract);
    steps.cluster = (docId, text, signature) => dedupe.clusterOf(docId, text, signature);
  }
  const page = await processPage({ ...job, body }, steps);
  const { record, article } = page;
  if (page.template) await applyTemplateOutcome(deps, job, page.template);
  if (page.cluster?.newlyJoined) await deps.stats.incr(DEDUPE_COUNTERS.clustered);

  if (job.crawl) {
    const added = await enqueueLinks(deps, job.crawl, article.links, job.finalUrl, { sourceId: job.sourceId, runId: job.runId });
    if (added > 0) ctx.log.debug({ added }, 'links enqueued');
  }
  await deps.stats.incr('blocks.removedInPage', article.stats.blocksRemovedInPage);
  await deps.stats.incr('blocks.removedByTemplate', article.stats.blocksRemovedByTemplate);

  const docId = page.doc ? page.doc.id : null;
  // Remembered whatever the outcome: the same bytes next time are "unchanged", not re-extracted.
  await new UrlStateStore(deps.redis, deps.queues.prefix).update(job.url, { processedDigest: job.contentDigest, docId });
  if (await removeSupersededDocument(deps, job.supersedes, docId, job.fetchedAt)) {
    ctx.log.info({ old: job.supersedes, new: record.docId }, 'moved permanently; old document removal enqueued');
  }

  if (page.skip) {
    if (page.skip.code === 'NOINDEX') {
      // Archived (fetch already stored it) but not indexed; a version indexed before the page said
      // noindex is removed (the delete keeps any newer version).
      await deps.queues.add(
        'index',
        { op: 'delete', docId: record.docId, reason: 'noindex', version: Date.parse(job.fetchedAt) },
        jobId('index', 'delete', record.docId, 'noindex', job.contentDigest.slice(0, 32)),
      );
    }
    if (page.skip.code === 'NO_ARTICLE') recordFigures(deps, job, ctx, page);
    return { outcome: 'skipped', code: page.skip.code, reason: page.skip.message };
  }
  // The screenshot is the render stage's, not the page's: it travels on the job.
  const doc = job.screenshotKey ? { ...page.doc, screenshotKey: job.screenshotKey } : page.doc;
  // Through the index queue even when this process indexes too: batches fill from it. A fetch job
  // that waited for its page's batch (tried: one job a page) held its fetch slot that long, so
  // batches were no bigger than the fetch concurrency and Meilisearch's CPU per page went up 60 %.
  await deps.queues.add(
    'index',
    { op: 'upsert', docId: doc.id, document: doc, contentDigest: job.contentDigest, version: doc.version },
    // The document hash lets a re-extracted (template) or re-clustered document be indexed again.
    jobId('index', doc.id, job.contentDigest.slice(0, 32), shortHash(JSON.stringify(doc), 12)),
  );
  recordFigures(deps, job, ctx, page);
  return { outcome: 'done', docId: doc.id };
}

/** The id of a page's re-extraction after a template decision (a new job although the page was extracted before). */
function templateRerunId(job: ExtractJob, version: number): string {
  return jobId('extract', shortHash(job.finalUrl), job.contentDigest.slice(0, 32), `t${version}`);
}

/**
 * Adds the page to its host's extraction figures (in memory; written with the host's other pages).
 * A template re-extraction is not counted: its page was counted when first extracted, and the
 * figures compare crawls, not template versions. Noindex pages are no extraction at all.
 */
function recordFigures(deps: PipelineDeps, job: ExtractJob, ctx: StageContext, page: PageOutcome): void {
  if (!deps.extractionHealth || /-t\d+$/.test(ctx.jobId)) return;
  deps.extractionHealth.record(
    new URL(job.finalUrl).host,
    generationOf(job),
    {
      url: job.finalUrl,
      article: page.doc !== null,
      bodyLength: page.doc ? page.record.text.length : 0,
      confidence: page.doc ? (page.record.extractionConfidence ?? 0) : 0,
      templateBlocksRemoved: page.article.stats.blocksRemovedByTemplate,
      ...(job.hadArticle !== undefined ? { hadArticle: job.hadArticle } : {}),
    },
    Date.parse(job.fetchedAt),
  );
}

/** Acts on what template learning decided: re-extract the pages it changes, remove a template-only page, count. */
async function applyTemplateOutcome(deps: PipelineDeps, job: ExtractJob, t: TemplateOutcome<ProcessResult>): Promise<void> {
  if (t.blocksLearned > 0) await deps.stats.incr(DEDUPE_COUNTERS.templateBlocksLearned, t.blocksLearned);
  if (t.rerunInPlace) await deps.stats.incr(DEDUPE_COUNTERS.pagesRerunInPlace);
  for (const page of t.reprocess.pages) {
    // The template version in the id makes this a new job although the page was extracted before.
    const id = templateRerunId(page.job, t.reprocess.version);
    const { created } = await deps.queues.add('extract', page.job, id);
    if (created) await deps.stats.incr(DEDUPE_COUNTERS.pagesReprocessed);
  }
  if (t.templateOnly) {
    // A page whose only "article" was template (a home page's footer) may have been indexed before
    // the template was known; the version guard keeps a later fetch that has an article.
    const docId = t.result.record.docId;
    const id = jobId('index', 'delete', docId, 'template', job.contentDigest.slice(0, 32));
    const { created } = await deps.queues.add('index', { op: 'delete', docId, reason: 'gone', version: Date.parse(job.fetchedAt) }, id);
    if (created) await deps.stats.incr(DEDUPE_COUNTERS.templateOnlyRemoved);
  }
}
