import type { IndexJob, IngestDocument, StageResult } from '@ingest/contracts';
import type { StageContext } from '@ingest/queue';
import type { IndexBatcher } from '@ingest/search-index';
import type { PipelineDeps } from '../deps.ts';

/**
 * index: the document joins a batch; the job completes only when Meilisearch reports the batch's
 * task succeeded, so an acknowledged job is always searchable.
 */
export async function indexStage(deps: PipelineDeps, batcher: IndexBatcher, job: IndexJob, _ctx: StageContext): Promise<StageResult> {
  const doc = await deps.archive.getJson<IngestDocument>(job.documentKey);
  await batcher.submit(doc);
  return { outcome: 'done', docId: job.docId };
}
