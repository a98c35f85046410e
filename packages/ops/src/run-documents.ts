import { documentId } from '@ingest/ids';
import { UrlStateStore } from '@ingest/pipeline';
import type { QueueSet } from '@ingest/queue';
import type { SearchIndex } from '@ingest/search-index';
import { SourceRegistry, type FetchOutcome } from '@ingest/sources';
import type { Redis } from 'ioredis';
import { notFound } from './errors.ts';

export interface RunDocumentsDeps {
  redis: Redis;
  queues: QueueSet;
  searchIndex: Pick<SearchIndex, 'allDocuments'>;
}

/** One URL a run fetched (or tried to), with the document the index holds for it, if any. */
export interface RunDocument {
  url: string;
  /** How the run's fetch of the URL ended. */
  outcome: FetchOutcome;
  documentId: string | null;
  /** Whether the index holds the document (false: not yet, not an article, or lost; see the audit). */
  indexed: boolean;
  title: string | null;
  canonicalUrl: string | null;
  /** When the indexed version was fetched. */
  fetchedAt: string | null;
}

export interface RunDocuments {
  sourceId: string;
  /** The run listed; null when the source has never run. */
  runId: string | null;
  total: number;
  offset: number;
  limit: number;
  /** The offset of the next page, null on the last. */
  nextOffset: number | null;
  documents: RunDocument[];
}

/** The run asked for, or the source's latest; a run the source has no record of is a 404. */
export async function runUrls(deps: Pick<RunDocumentsDeps, 'redis' | 'queues'>, sourceId: string, runId?: string): Promise<{ runId: string | null; outcomes: Record<string, FetchOutcome> }> {
  const registry = new SourceRegistry(deps.redis, deps.queues);
  await registry.require(sourceId);
  const run = runId ?? (await registry.state(sourceId)).runId;
  if (!run) return { runId: null, outcomes: {} };
  const outcomes = await registry.runOutcomes(sourceId, run);
  if (!outcomes) throw notFound(`Source "${sourceId}" has no run "${run}" (runs are kept 14 days). Its latest run id is in: ingest sources show ${sourceId}`);
  return { runId: run, outcomes };
}

/**
 * The pages of one run, URL order, a page at a time: each URL's outcome from the run's records,
 * its document id from the URL's state (what extraction produced), and the indexed document's
 * title and fetch time from the index.
 */
export async function runDocuments(deps: RunDocumentsDeps, sourceId: string, options: { runId?: string | undefined; limit: number; offset: number }): Promise<RunDocuments> {
  const { runId, outcomes } = await runUrls(deps, sourceId, options.runId);
  const all = Object.keys(outcomes).sort();
  const urls = all.slice(options.offset, options.offset + options.limit);
  const states = await new UrlStateStore(deps.redis, deps.queues.prefix).getMany(urls);
  const ids = urls.map((url, i) => states[i]?.docId ?? documentId(url));
  const found = new Map<string, { title: string; canonicalUrl: string; fetchedAt: string }>();
  if (ids.length > 0) {
    for await (const d of deps.searchIndex.allDocuments({ filters: [{ field: 'id', op: 'in', values: ids }], fields: ['id', 'title', 'canonicalUrl', 'fetchedAt'] })) found.set(d.id, d);
  }
  const documents = urls.map((url, i): RunDocument => {
    const doc = found.get(ids[i]!);
    return {
      url,
      outcome: outcomes[url]!,
      documentId: doc || states[i]?.docId ? ids[i]! : null,
      indexed: doc !== undefined,
      title: doc?.title ?? null,
      canonicalUrl: doc?.canonicalUrl ?? null,
      fetchedAt: doc?.fetchedAt ?? null,
    };
  });
  const next = options.offset + urls.length;
  return { sourceId, runId, total: all.length, offset: options.offset, limit: options.limit, nextOffset: next < all.length ? next : null, documents };
}
