import { jobId } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';

/**
 * After a permanent redirect the old URL's document is removed, but only once the new document's
 * id is known and differs (a canonical link may map both URLs to one document).
 */
export async function removeSupersededDocument(deps: PipelineDeps, supersedes: string | undefined, newDocId: string | null, fetchedAt: string): Promise<boolean> {
  if (!supersedes || supersedes === newDocId) return false;
  await deps.queues.add('index', { op: 'delete', docId: supersedes, reason: 'moved', version: Date.parse(fetchedAt) }, jobId('index', 'delete', supersedes, 'moved'));
  return true;
}
