import { parseStageRecord, type IngestDocument } from '@ingest/contracts';
import { diffDocuments, VersionStore, type DiffSummary } from '@ingest/versions';
import type { PipelineDeps } from '../deps.ts';

/** What indexing a document did to its history; `summary` only when someone listens (it costs an S3 GET). */
export interface VersionChange {
  created: boolean;
  n: number;
  summary: DiffSummary | null;
  history: IngestDocument['history'];
}

/**
 * Records the document as a new version when its text or title changed beyond template noise,
 * before it is indexed, so the indexed copy carries its history. Idempotent: a retried index job
 * finds its version already recorded; an older document (a late retry) adds none.
 */
export async function recordVersion(deps: PipelineDeps, doc: IngestDocument, documentKey: string, listening: boolean): Promise<VersionChange> {
  const result = await new VersionStore(deps.redis, deps.queues.prefix).record(doc, documentKey);
  const history = result.recent.map((v) => ({ n: v.n, fetchedAt: v.fetchedAt, title: v.title }));
  if (!result.created || !result.previous || !listening) return { created: result.created, n: result.current.n, summary: null, history };
  const previousKey = result.previous.documentKey;
  const before = await deps.archive
    .getJson<unknown>(previousKey)
    .then((raw) => parseStageRecord('document', raw, previousKey))
    // The summary is a courtesy of the event; the version is recorded either way.
    .catch(() => null);
  return { created: true, n: result.current.n, summary: before ? diffDocuments(before, doc).summary : null, history };
}
