import type { ArchiveStore } from '@ingest/archive';
import { parseStageRecord } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import { DOCUMENT_ID_RULE, isDocumentId } from '@ingest/ids';
import { withoutYear, type SearchIndex } from '@ingest/search-index';
import { diffDocuments, VersionStore, type DocumentDiff, type DocumentVersion } from '@ingest/versions';
import type { Redis } from 'ioredis';
import { notFound, OperatorError } from './errors.ts';

export interface VersionsDeps {
  redis: Redis;
  prefix: string;
  archive: Pick<ArchiveStore, 'getJson'>;
  /** Where a document's only version is read from: the index holds it, S3 does not (see recordVersion). */
  searchIndex?: Pick<SearchIndex, 'get'>;
}

export interface VersionDiff extends DocumentDiff {
  id: string;
  from: DocumentVersion;
  to: DocumentVersion;
}

/** A document's versions, oldest first (what `ingest versions` and GET /documents/{id}/versions show). */
export async function documentVersions(deps: VersionsDeps, id: string): Promise<DocumentVersion[]> {
  if (!isDocumentId(id)) throw new OperatorError(400, 'invalid_id', DOCUMENT_ID_RULE);
  const versions = await new VersionStore(deps.redis, deps.prefix).list(id);
  if (versions.length === 0) throw notFound(`No versions of ${id}: the document was never indexed, or was indexed before versions were kept`);
  return versions;
}

/**
 * The diff between two versions by number; by default the one before the latest and the latest
 * (or the only version against itself, an empty diff).
 */
export async function documentDiff(deps: VersionsDeps, id: string, from?: number, to?: number): Promise<VersionDiff> {
  const versions = await documentVersions(deps, id);
  const latest = versions[versions.length - 1]!;
  const pick = (n: number | undefined, fallback: DocumentVersion): DocumentVersion => {
    if (n === undefined) return fallback;
    const v = versions.find((x) => x.n === n);
    if (!v) throw notFound(`${id} has no version ${n} (kept: ${versions.map((x) => x.n).join(', ')})`);
    return v;
  };
  const b = pick(to, latest);
  const a = pick(from, versions[Math.max(0, versions.indexOf(b) - 1)]!);
  const [docA, docB] = await Promise.all([a, b].map(async (v) => parseStageRecord('document', await versionRecord(deps, id, v), v.documentKey)));
  return { id, from: a, to: b, ...diffDocuments(docA!, docB!) };
}

/**
 * A version's document from S3, or, for the version the index holds, from the index: a document's
 * first version is stored in S3 only once a second one arrives, so a page that never changed has
 * none there.
 */
async function versionRecord(deps: VersionsDeps, id: string, v: DocumentVersion): Promise<unknown> {
  try {
    return await deps.archive.getJson(v.documentKey);
  } catch (err) {
    if (!(err instanceof IngestError && err.code === 'ARCHIVE_MISSING') || !deps.searchIndex) throw err;
    const indexed = await deps.searchIndex.get(id);
    if (indexed?.contentDigest !== v.contentDigest) throw err;
    return withoutYear(indexed);
  }
}
