import { withoutYear, type IndexedDocument } from '@ingest/search-index';
import { documentKey } from '@ingest/archive';
import { parseStageRecord, type IngestDocument } from '@ingest/contracts';
import { diffDocuments, VersionStore, type DiffSummary, type DocumentVersion } from '@ingest/versions';
import type { PipelineDeps } from '../deps.ts';

/** What indexing a document did to its history; `summary` only when someone listens. */
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
 *
 * A document reaches the index on its job, not through S3, so only versions that a diff can ask
 * for are stored (content-addressed, so a retry rewrites the same object): a page that never
 * changes costs no S3 write. When the second version arrives, the first is the document Meilisearch
 * holds now, and it is stored then.
 */
export async function recordVersion(deps: PipelineDeps, doc: IngestDocument, listening: boolean): Promise<VersionChange> {
  const key = documentKey(doc.id, doc.contentDigest);
  const result = await new VersionStore(deps.redis, deps.queues.prefix).record(doc, key);
  const history = result.recent.map((v) => ({ n: v.n, fetchedAt: v.fetchedAt, title: v.title }));
  if (!result.created) {
    await rewriteRecorded(deps, doc, key, result.current, result.recent);
    return { created: false, n: result.current.n, summary: null, history };
  }
  if (!result.previous) return { created: true, n: result.current.n, summary: null, history };
  const previousKey = result.previous.documentKey;
  const before = result.previous.n === 1 ? await storeFirstVersion(deps, doc.id, previousKey) : await readVersion(deps, previousKey);
  await deps.archive.putJson(key, doc);
  return { created: true, n: result.current.n, summary: listening && before ? diffDocuments(before, doc).summary : null, history };
}

/**
 * This very version was recorded before (a retry, or the same bytes extracted again): its objects
 * are written again, since the attempt that recorded it may have died before writing them (or
 * while S3 was tearing them), and a recorded version must never point at nothing. Costs one PUT,
 * and only for documents that have a second version.
 */
async function rewriteRecorded(deps: PipelineDeps, doc: IngestDocument, key: string, current: DocumentVersion, recent: DocumentVersion[]): Promise<void> {
  if (current.n < 2 || current.documentKey !== key) return;
  const first = current.n === 2 ? recent.find((v) => v.n === 1) : undefined;
  if (first) {
    const indexed = await deps.searchIndex.get(doc.id);
    if (indexed?.contentDigest === first.contentDigest) await storeIndexedCopy(deps, indexed, first.documentKey);
  }
  await deps.archive.putJson(key, doc);
}

/** The first version was never stored: it is the document indexed now (before this upsert). */
async function storeFirstVersion(deps: PipelineDeps, docId: string, key: string): Promise<IngestDocument | null> {
  const indexed = await deps.searchIndex.get(docId);
  return indexed ? storeIndexedCopy(deps, indexed, key) : readVersion(deps, key);
}

async function storeIndexedCopy(deps: PipelineDeps, indexed: IndexedDocument, key: string): Promise<IngestDocument | null> {
  let parsed: IngestDocument;
  try {
    parsed = parseStageRecord('document', withoutYear(indexed), key);
  } catch {
    // An indexed copy from before a contract change: the new version is still recorded, without a diff.
    return null;
  }
  await deps.archive.putJson(key, parsed);
  return parsed;
}

async function readVersion(deps: PipelineDeps, key: string): Promise<IngestDocument | null> {
  return (
    deps.archive
      .getJson(key)
      .then((raw) => parseStageRecord('document', raw, key))
      // The summary is a courtesy of the event; the version is recorded either way.
      .catch(() => null)
  );
}
