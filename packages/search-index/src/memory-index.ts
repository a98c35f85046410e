import type { IngestDocument } from '@ingest/contracts';
import {
  upsertCandidates,
  withYear,
  type FacetField,
  type Filter,
  type FilterValue,
  type IndexedDocument,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type StartedUpsert,
  type UpsertOptions,
} from './port.ts';

const SEARCHED: readonly (keyof IndexedDocument)[] = ['title', 'description', 'tags', 'keywords', 'authors', 'body', 'section', 'siteName'];

/**
 * The SearchIndex port in memory, for unit tests of logic around the index (batching, version
 * checks, delete decisions). Same contract as the Meilisearch adapter where tests can see it:
 * version-guarded upserts applied in the order they were sent, filters, one hit per cluster,
 * facets, sort by date. Text matching is plain (every query word starts a word of a searched
 * field); ranking is by date. `hold()` keeps sent upserts from being indexed until `release()`,
 * so a test can look at what is in flight.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  private created = false;
  private holding: { promise: Promise<void>; release: () => void } | null = null;
  /** Settings were applied (ensureSettings) this many times. */
  settingsApplied = 0;
  /** Upserts sent whose indexing has not finished. */
  inFlight = 0;
  /** The most upserts that were in flight at once. */
  maxInFlight = 0;
  /** Sizes of the upserts sent, in order. */
  readonly sent: number[] = [];
  /** false: every call fails as an unreachable engine would, healthy() answers false. */
  up = true;

  ensureSettings(): Promise<void> {
    this.check();
    this.created = true;
    this.settingsApplied++;
    return Promise.resolve();
  }

  /** Sent upserts wait until release() (those sent before hold() are not affected). */
  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    this.holding = { promise, release };
  }

  release(): void {
    this.holding?.release();
    this.holding = null;
  }

  async upsert(docs: IngestDocument[]): Promise<{ written: number; skippedOlder: number }> {
    const started = await this.startUpsert(docs);
    await started.settled;
    return { written: started.written.length, skippedOlder: started.skippedOlder };
  }

  async startUpsert(docs: IngestDocument[], options: UpsertOptions = {}): Promise<StartedUpsert> {
    this.check();
    if (docs.length === 0) return { written: [], skippedOlder: 0, settled: Promise.resolve() };
    const indexed = new Map([...this.docs.values()].map((d) => [d.id, d.version]));
    const candidates = upsertCandidates(docs, indexed, options.pendingVersion);
    const send = (accepted: ReadonlySet<string>): Promise<StartedUpsert> => {
      const toWrite = candidates.filter((d) => accepted.has(d.id));
      this.sent.push(toWrite.length);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const gate = this.holding?.promise ?? Promise.resolve();
      // Applied in the order sent, like an engine's task queue.
      this.queue = this.queue
        .then(() => gate)
        .then(() => {
          for (const d of toWrite) this.docs.set(d.id, withYear(d));
        });
      const settled = this.queue.finally(() => this.inFlight--);
      return Promise.resolve({ written: toWrite.map((d) => d.id), skippedOlder: docs.length - toWrite.length, settled });
    };
    if (!options.guard) return send(new Set(candidates.map((d) => d.id)));
    return options.guard.claim(candidates, send);
  }

  private queue: Promise<void> = Promise.resolve();

  async remove(ids: string[]): Promise<void> {
    await (
      await this.startRemove(ids)
    ).settled;
  }

  startRemove(ids: string[]): Promise<{ settled: Promise<void> }> {
    this.check();
    // In the task order, behind every upsert sent before it.
    this.queue = this.queue.then(() => {
      for (const id of ids) this.docs.delete(id);
    });
    return Promise.resolve({ settled: this.queue });
  }

  healthy(): Promise<boolean> {
    return Promise.resolve(this.up);
  }

  search<F extends keyof IndexedDocument = keyof IndexedDocument>(query: SearchQuery<F>): Promise<SearchResult<Pick<IndexedDocument, F>>> {
    this.check();
    const words = (query.text ?? '').toLowerCase().split(/\W+/u).filter(Boolean);
    let matches = [...this.docs.values()].filter((d) => (query.filters ?? []).every((f) => holds(d, f)) && words.every((w) => SEARCHED.some((field) => textOf(d[field]).some((t) => t.startsWith(w)))));
    // As the index's ranking rules: an explicit sort first, then (relevance ties here) the
    // cluster's founding member, then the more recent article.
    const date = (a: IndexedDocument, b: IndexedDocument) => (a.publishedTs ?? 0) - (b.publishedTs ?? 0);
    const sort = query.sort;
    matches.sort((a, b) => (sort ? date(a, b) * (sort.order === 'asc' ? 1 : -1) : 0) || a.clusterRank - b.clusterRank || date(b, a));
    if (!query.allClusterMembers) {
      const seen = new Set<string>();
      matches = matches.filter((d) => !seen.has(d.clusterId) && seen.add(d.clusterId));
    }
    const facets: Partial<Record<FacetField, Record<string, number>>> = {};
    for (const field of query.facets ?? []) {
      const counts: Record<string, number> = {};
      for (const d of matches) for (const v of valuesOf(d, field)) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      facets[field] = counts;
    }
    const offset = query.offset ?? 0;
    const hits = matches.slice(offset, offset + (query.limit ?? 20)).map((d) => pick(d, query.fields));
    return Promise.resolve({ hits, total: matches.length, facets, tookMs: 0 });
  }

  async get<F extends keyof IndexedDocument = keyof IndexedDocument>(id: string, fields?: readonly F[]): Promise<Pick<IndexedDocument, F> | null> {
    this.check();
    const doc = this.docs.get(id);
    return Promise.resolve(doc ? pick(doc, fields) : null);
  }

  async *allDocuments<F extends keyof IndexedDocument = keyof IndexedDocument>(options: { filters?: readonly Filter[]; fields?: readonly F[] } = {}): AsyncIterable<Pick<IndexedDocument, F>> {
    this.check();
    for (const d of [...this.docs.values()]) if ((options.filters ?? []).every((f) => holds(d, f))) yield pick(d, options.fields);
  }

  count(): Promise<number> {
    this.check();
    return Promise.resolve(this.docs.size);
  }

  exists(): Promise<boolean> {
    this.check();
    return Promise.resolve(this.created);
  }

  private check(): void {
    if (!this.up) throw new Error('search index unreachable (MemorySearchIndex.up = false)');
  }
}

function valuesOf(d: IndexedDocument, field: string): unknown[] {
  const v = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], d);
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

function textOf(v: unknown): string[] {
  const parts = Array.isArray(v) ? v : [v];
  return parts.flatMap((p) => (typeof p === 'string' ? p.toLowerCase().split(/\W+/u).filter(Boolean) : []));
}

function holds(d: IndexedDocument, f: Filter): boolean {
  const values = valuesOf(d, f.field) as FilterValue[];
  switch (f.op) {
    case 'eq':
      return values.includes(f.value);
    case 'ne':
      return !values.includes(f.value);
    case 'in':
      return values.some((v) => f.values.includes(v));
    case 'gt':
      return values.some((v) => typeof v === 'number' && v > f.value);
    case 'gte':
      return values.some((v) => typeof v === 'number' && v >= f.value);
    case 'lt':
      return values.some((v) => typeof v === 'number' && v < f.value);
    case 'lte':
      return values.some((v) => typeof v === 'number' && v <= f.value);
  }
}

function pick<F extends keyof IndexedDocument>(d: IndexedDocument, fields: readonly F[] | undefined): Pick<IndexedDocument, F> {
  if (!fields) return structuredClone(d);
  return Object.fromEntries(fields.filter((f) => f in d).map((f) => [f, structuredClone(d[f])])) as Pick<IndexedDocument, F>;
}
