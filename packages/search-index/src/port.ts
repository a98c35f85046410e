import type { IngestDocument } from '@ingest/contracts';
import type { VersionGuard } from './version-guard.ts';

/**
 * The search index as the pipeline, API, CLI and reindex use it, in our own terms: documents,
 * queries with filters as data, results. The Meilisearch adapter (meili-index.ts) implements it
 * and the in-memory fake (memory-index.ts) stands in for it in unit tests; nothing outside this
 * package needs a Meilisearch type or filter syntax.
 */

/** A document as indexed: the pipeline's document plus the year facet derived from publishedTs. */
export type IndexedDocument = IngestDocument & { publishedYear: number | null };

/** Fields a filter may name: what the index settings make filterable (settings.ts). */
export type FilterField =
  | 'id'
  | 'url'
  | 'canonicalUrl'
  | 'clusterId'
  | 'site'
  | 'authors'
  | 'section'
  | 'language'
  | 'tags'
  | 'entities.people'
  | 'entities.organizations'
  | 'entities.places'
  | 'accessibleForFree'
  | 'nosnippet'
  | RangeField;

/** Fields with range filters. */
export type RangeField = 'publishedTs' | 'publishedYear' | 'version';

/** Fields whose value counts a search can return (the search UI's facets). */
export type FacetField = 'site' | 'authors' | 'section' | 'language' | 'publishedYear';

export type FilterValue = string | number | boolean;

/**
 * One condition on a field. A list field (authors, tags, entities) matches when any of its
 * values does. A search's filters all have to hold.
 */
export type Filter =
  | { field: FilterField; op: 'eq' | 'ne'; value: FilterValue }
  | { field: FilterField; op: 'in'; values: readonly FilterValue[] }
  | { field: RangeField; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number };

export interface SearchQuery<F extends keyof IndexedDocument = keyof IndexedDocument> {
  /** Words to match; empty or absent matches every document (then ranked by the sort or by date). */
  text?: string;
  filters?: readonly Filter[];
  /** Only `publishedTs` is sortable. */
  sort?: { field: 'publishedTs'; order: 'asc' | 'desc' };
  /** Default 20. */
  limit?: number;
  offset?: number;
  /** Fields returned in each hit (all when absent). */
  fields?: readonly F[];
  /** Value counts per facet field over every match. */
  facets?: readonly FacetField[];
  /**
   * Duplicates (syndicated copies, AMP/print variants) share a cluster and search shows one of
   * each; true returns every member.
   */
  allClusterMembers?: boolean;
}

export interface SearchResult<D> {
  hits: D[];
  /** How many documents match (an estimate on a large index). */
  total: number;
  /** Per facet field asked for: value -> matching documents. */
  facets: Partial<Record<FacetField, Record<string, number>>>;
  /** Time the engine spent on the query. */
  tookMs: number;
}

/** An upsert whose indexing is under way: `settled` resolves when it is searchable, rejects if it failed. */
export interface StartedUpsert {
  /** Ids sent to the index (the newest version of each). */
  written: string[];
  skippedOlder: number;
  settled: Promise<void>;
}

export interface UpsertOptions {
  /** Versions already on their way to the index (sent, not indexed yet); an older document is skipped. */
  pendingVersion?: (id: string) => number | undefined;
  /** Cross-process guard: claims versions atomically and sends under its lock (see version-guard.ts). */
  guard?: VersionGuard | undefined;
}

export interface SearchIndex {
  /** Creates the index if missing and applies the settings that differ (idempotent). */
  ensureSettings(): Promise<void>;
  /**
   * Upserts by id, but never replaces a newer version with an older one: a late retry of an old
   * job must not overwrite what a newer fetch indexed.
   */
  upsert(docs: IngestDocument[]): Promise<{ written: number; skippedOlder: number }>;
  /** The first half of upsert: checks versions and sends the documents without waiting for them to be indexed. */
  startUpsert(docs: IngestDocument[], options?: UpsertOptions): Promise<StartedUpsert>;
  remove(ids: string[]): Promise<void>;
  /** The first half of remove: enqueues the deletion; `settled` resolves once it is applied. */
  startRemove(ids: string[]): Promise<{ settled: Promise<void> }>;
  /** Whether the engine answers its health check (used to resume a stage paused by an outage). */
  healthy(): Promise<boolean>;
  search<F extends keyof IndexedDocument = keyof IndexedDocument>(query: SearchQuery<F>): Promise<SearchResult<Pick<IndexedDocument, F>>>;
  /** One document by id, whatever its cluster, or null. */
  get<F extends keyof IndexedDocument = keyof IndexedDocument>(id: string, fields?: readonly F[]): Promise<Pick<IndexedDocument, F> | null>;
  /** Every document, or those matching the filters, read a page at a time. */
  allDocuments<F extends keyof IndexedDocument = keyof IndexedDocument>(options?: { filters?: readonly Filter[]; fields?: readonly F[] }): AsyncIterable<Pick<IndexedDocument, F>>;
  count(): Promise<number>;
  /** Whether the index exists yet (it is created by ensureSettings). */
  exists(): Promise<boolean>;
}

/** An index that can be rebuilt beside itself and swapped in atomically (`ingest reindex`). */
export interface RebuildableIndex extends SearchIndex {
  readonly name: string;
  /** The same engine and settings under another name. */
  withName(name: string): RebuildableIndex;
  /** Exchanges this index with another: searches see one or the other, never a mix or nothing. */
  swapWith(otherName: string): Promise<void>;
  /** Whether a swap with another index was requested since a time, waiting for it if it is still pending. */
  swappedWithSince(otherName: string, since: Date): Promise<boolean>;
  drop(): Promise<void>;
}

/** The year facet, derived once for every implementation. */
export function withYear(doc: IngestDocument): IndexedDocument {
  const year = doc.publishedTs === null ? null : new Date(doc.publishedTs * 1000).getUTCFullYear();
  return { ...doc, publishedYear: year };
}

/** The document as the pipeline built it: an indexed copy without the derived facet. */
export function withoutYear(doc: IndexedDocument): IngestDocument {
  const { publishedYear: _year, ...rest } = doc;
  return rest;
}

/**
 * What an upsert may write, the same in every implementation: the newest copy of each id in the
 * batch, and only where no newer version is indexed (`indexed`) or on its way (`pendingVersion`).
 */
export function upsertCandidates(docs: readonly IngestDocument[], indexed: ReadonlyMap<string, number>, pendingVersion?: (id: string) => number | undefined): IngestDocument[] {
  const newest = new Map<string, IngestDocument>();
  for (const d of docs) {
    const prev = newest.get(d.id);
    if (!prev || prev.version <= d.version) newest.set(d.id, d);
  }
  return [...newest.values()].filter((d) => Math.max(indexed.get(d.id) ?? -1, pendingVersion?.(d.id) ?? -1) <= d.version);
}

/** Ids of a batch once each appears once (for the version lookup). */
export function distinctIds(docs: readonly { id: string }[]): string[] {
  return [...new Set(docs.map((d) => d.id))];
}
