import type { Redis } from 'ioredis';
import type { ArchiveStore, ArchivedResponse } from '@ingest/archive';
import { DOCUMENT_ID_RULE, isDocumentId } from '@ingest/ids';
import { UrlStateStore } from '@ingest/pipeline';
import type { SearchIndex } from '@ingest/search-index';
import { documentId, normalizeUrl } from '@ingest/urls';
import { OperatorError, notFound } from './errors.ts';

export interface ArchivedDeps {
  redis: Redis;
  prefix: string;
  searchIndex: SearchIndex;
  archive: ArchiveStore;
}

/** A URL resolves through what its last fetch archived, else its document; an id through the index. */
export async function archiveKeyFor(deps: ArchivedDeps, target: string): Promise<string | null> {
  let docId = target;
  if (/^https?:\/\//i.test(target)) {
    const url = normalizeUrl(target);
    const state = await new UrlStateStore(deps.redis, deps.prefix).get(url);
    if (state.archiveKey) return state.archiveKey;
    docId = documentId(url);
  } else if (!isDocumentId(target)) {
    throw new OperatorError(400, 'invalid_request', `"${target}" is neither a document id (${DOCUMENT_ID_RULE}) nor an http(s) URL`);
  }
  return (await deps.searchIndex.get(docId, ['archiveKey']))?.archiveKey ?? null;
}

/** The archived raw page of a document id or URL, with the key it was read from. */
export async function archivedPage(deps: ArchivedDeps, target: string): Promise<ArchivedResponse & { key: string }> {
  const key = await archiveKeyFor(deps, target);
  if (!key) throw notFound(`Nothing archived for ${target}. Check it with: ingest search, or fetch it with: ingest enqueue URL`);
  return { ...(await deps.archive.getResponse(key)), key };
}
