import { parseStageRecord, type IndexDeleteJob, type IngestDocument, type IndexJob, type StageResult } from '@ingest/contracts';
import type { StageContext } from '@ingest/queue';
import type { IndexBatcher } from '@ingest/search-index';
import type { PipelineDeps } from '../deps.ts';
import { emitIndexed, emitRemoved, wasIndexed } from './events.ts';
import { recordVersion } from './versions.ts';

/**
 * index: an upsert joins a batch and the job completes only when Meilisearch reports the batch's
 * task succeeded, so an acknowledged job is always searchable. A delete removes by document id.
 */
export async function indexStage(deps: PipelineDeps, batcher: IndexBatcher, job: IndexJob, ctx: StageContext): Promise<StageResult> {
  if (job.op === 'delete') return deleteDocument(deps, batcher, job, ctx);
  const doc = job.document ?? (await storedDocument(deps, job.documentKey ?? ''));
  const existed = await wasIndexed(deps, doc.id);
  const change = await recordVersion(deps, doc, existed === true);
  const { written } = await batcher.submit({ ...doc, history: change.history });
  if (written) await emitIndexed(deps, doc, job.contentDigest, existed, change);
  return { outcome: 'done', docId: job.docId };
}

/** A document a repair re-indexes from the archive, checked against its contract on read. */
async function storedDocument(deps: PipelineDeps, key: string): Promise<IngestDocument> {
  return parseStageRecord('document', await deps.archive.getJson(key), key);
}

/**
 * Never removes a version fetched after the removal was decided (the page came back, or a
 * canonical link maps the new URL to the same id). The removal goes through the batcher's version
 * claim even when nothing is indexed yet, so an upsert of the same fetch that arrives after it (a
 * page extracted before its site's template was known) cannot bring the document back.
 */
export async function deleteDocument(deps: Pick<PipelineDeps, 'searchIndex' | 'events'>, batcher: IndexBatcher, job: IndexDeleteJob, ctx: Pick<StageContext, 'log'>): Promise<StageResult> {
  await batcher.flush();
  const current = await deps.searchIndex.get(job.docId, ['id', 'version']);
  const newer = { outcome: 'unchanged', code: 'NEWER_VERSION', reason: `${job.docId} was re-indexed after the ${job.reason} removal was decided`, docId: job.docId } as const;
  if (current && current.version > job.version) {
    ctx.log.info({ docId: job.docId, current: current.version, delete: job.version }, 'newer version indexed; not removed');
    return newer;
  }
  const removed = await batcher.remove([{ id: job.docId, version: job.version }]);
  if (!removed.has(job.docId)) return newer;
  if (!current) return { outcome: 'unchanged', code: 'NOT_INDEXED', reason: `${job.docId} (${job.reason})`, docId: job.docId };
  await emitRemoved(deps, job.docId, job.version, job.reason);
  return { outcome: 'removed', reason: job.reason, docId: job.docId };
}
