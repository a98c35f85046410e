import { documentKey } from '@ingest/archive';
import { parseStageRecord } from '@ingest/contracts';
import { jobId, shortHash } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';

/**
 * The page is what was processed last time, but the index holds another version of its document
 * (or none): the document built then is indexed again. Its job id is new for each repairing
 * fetch, since the original index job is kept as completed and would absorb a same-named one.
 * Returns false when that document is not in the archive (extraction never stored it): extraction
 * then runs as for a changed page.
 */
export async function reindexProcessed(deps: PipelineDeps, docId: string, contentDigest: string, fetchedAt: string): Promise<boolean> {
  const key = documentKey(docId, contentDigest);
  if (!(await deps.archive.exists(key))) return false;
  const doc = parseStageRecord('document', await deps.archive.getJson(key), key);
  await deps.queues.add('index', { op: 'upsert', docId, documentKey: key, contentDigest, version: doc.version }, jobId('index', docId, contentDigest.slice(0, 32), 'repair', shortHash(fetchedAt, 12)));
  return true;
}
