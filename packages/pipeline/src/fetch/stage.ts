import type { FetchJob, StageResult } from '@ingest/contracts';
import { isHtmlContentType } from '@ingest/charset';
import { shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import { isFinalFailure, reportOutcome, sourceFailure } from '../sources/report.ts';
import { UrlStateStore } from '../state/url-state.ts';
import { archiveCapture, archiveRevisit } from './archive.ts';
import { followUnchangedLinks } from './follow-unchanged.ts';
import { enqueueNextStage } from '../render/route.ts';
import { isGone, reindexProcessed, removeGoneDocument, supersededDocId } from './index-effects.ts';

/**
 * fetch: a conditional GET (politeness, robots and the network guard live in the fetcher), the
 * exchange archived as WARC, then extraction — unless the page is unchanged since it was last
 * processed and indexed (304 or same digest), gone (its document is removed) or not HTML. Same
 * bytes whose document the index does not hold (a stale version) are indexed again.
 */
export async function fetchStage(deps: PipelineDeps, job: FetchJob, ctx: StageContext): Promise<StageResult> {
  const urls = new UrlStateStore(deps.redis, deps.queues.prefix);
  const state = await urls.get(job.url);
  try {
    const response = await deps.fetcher.fetch(job.url, { signal: ctx.signal, conditional: urls.conditionalFor(state), ticket: ctx.jobId || undefined });
    if (response.notModified) {
      const archiveKey = state.archiveKey;
      await followUnchangedLinks(deps, job, async () => {
        if (!archiveKey) return null;
        const { meta, body } = await deps.archive.getResponse(archiveKey);
        return { body, finalUrl: meta.finalUrl, contentType: meta.headers['content-type'] };
      });
      await archiveRevisit(deps, job, response, state);
      await reportOutcome(deps, job, 'unchanged');
      return { outcome: 'unchanged', code: 'NOT_MODIFIED', reason: '304', ...(state.docId ? { docId: state.docId } : {}) };
    }
    await deps.stats.incr('bytes.fetched', response.body.length);

    const archived = await archiveCapture(deps, job, response, state, ctx.firstRun === true);
    const supersedes = supersededDocId(job.url, response, state);
    await urls.update(job.url, {
      etag: response.etag,
      lastModified: response.lastModified,
      digest: archived.contentDigest,
      archiveKey: archived.archiveKey,
      movedTo: supersedes ? response.finalUrl : null,
    });

    if (urls.isUnchanged(state, archived.contentDigest) && !supersedes) {
      await followUnchangedLinks(deps, job, async () => ({ body: response.body, finalUrl: response.finalUrl, contentType: response.contentType }));
      await reportOutcome(deps, job, 'unchanged');
      return { outcome: 'unchanged', code: 'SAME_DIGEST', reason: 'same body as the version processed', ...(state.docId ? { docId: state.docId } : {}) };
    }
    const stale = state.docId !== null && state.processedDigest === archived.contentDigest && urls.needsReindex(state) && !supersedes;
    if (stale && (await reindexProcessed(deps, state.docId!, archived.contentDigest, response.fetchedAt))) {
      ctx.log.info({ docId: state.docId, indexed: state.indexedDigest }, 'index holds another version; re-indexing the processed document');
      await reportOutcome(deps, job, 'fetched');
      return { outcome: 'done', docId: state.docId! };
    }
    if (!isHtmlContentType(response.contentType, response.body)) {
      ctx.log.info({ contentType: response.contentType }, 'not HTML; archived and skipped');
      await reportOutcome(deps, job, 'failed', { code: 'UNSUPPORTED_CONTENT_TYPE', message: `not HTML: ${response.contentType ?? 'none'}`, jobId: ctx.jobId });
      return { outcome: 'skipped', code: 'UNSUPPORTED_CONTENT_TYPE', reason: response.contentType ?? 'none' };
    }
    // A stale page whose document is not stored (the index job carries it) is extracted again, under its own job id.
    // Extracted before: a document then means an article (its figures count an article a recrawl loses).
    const hadArticle = state.processedDigest !== null ? state.docId !== null : undefined;
    await enqueueNextStage(deps, job, response, archived, supersedes, stale ? `repair-${shortHash(response.fetchedAt, 12)}` : undefined, hadArticle, ctx);
    await reportOutcome(deps, job, 'fetched');
    ctx.log.debug({ archiveKey: archived.archiveKey, status: response.status }, 'fetched and archived');
    return { outcome: 'done' };
  } catch (err) {
    // The job still fails with HTTP_GONE (the reason stays visible); its document leaves the index.
    if (isGone(err)) {
      const hadDocument = state.docId !== null;
      const docId = await removeGoneDocument(deps, job, state, urls);
      ctx.log.info({ docId }, 'page gone; document removal enqueued');
      await reportOutcome(deps, job, hadDocument ? 'removed' : 'failed', sourceFailure(err, ctx.jobId));
    } else if (isFinalFailure(err, ctx.attempt, deps.config.jobAttempts)) {
      await reportOutcome(deps, job, 'failed', sourceFailure(err, ctx.jobId));
    }
    throw err;
  }
}
