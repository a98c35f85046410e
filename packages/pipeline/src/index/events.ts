import type { IngestDocument } from '@ingest/contracts';
import { readIndexed } from '@ingest/search-index';
import type { PipelineDeps } from '../deps.ts';
import type { VersionChange } from './versions.ts';

/**
 * Whether the index already holds a version of the document: read before the upsert, because the
 * batch records the new version as indexed. Null when nobody listens (no read at all).
 */
export async function wasIndexed(deps: PipelineDeps, docId: string): Promise<boolean | null> {
  if (!deps.events || !(await deps.events.active())) return null;
  return (await readIndexed(deps.redis, deps.queues.prefix, docId)) !== null;
}

export async function emitIndexed(deps: PipelineDeps, doc: IngestDocument, contentDigest: string, existed: boolean | null, change?: VersionChange): Promise<void> {
  if (!deps.events || existed === null) return;
  await deps.events.emit({
    type: existed ? 'document.updated' : 'document.indexed',
    key: `doc:${doc.id}:${contentDigest}:${doc.version}`,
    url: doc.url,
    docId: doc.id,
    data: {
      id: doc.id,
      url: doc.url,
      canonicalUrl: doc.canonicalUrl,
      title: doc.title,
      version: doc.version,
      contentDigest,
      // An update that is not a new version changed only template noise (a sidebar date).
      ...(existed && change ? { versionNumber: change.n, changed: change.created, diff: change.summary } : {}),
    },
  });
}

export async function emitRemoved(deps: Pick<PipelineDeps, 'events'>, docId: string, version: number, reason: string): Promise<void> {
  if (!deps.events || !(await deps.events.active())) return;
  await deps.events.emit({ type: 'document.removed', key: `removed:${docId}:${version}`, docId, data: { id: docId, version, reason } });
}
