import { Meilisearch, type Index, type SearchParams, type SearchResponse } from 'meilisearch';
import { RetryableError } from '@ingest/errors';
import type { IngestDocument } from '@ingest/contracts';
import { INDEX_SETTINGS } from './settings.ts';

export type IndexedDocument = IngestDocument & { publishedYear: number | null };

export interface SearchIndex {
  ensureSettings(): Promise<void>;
  upsert(docs: IngestDocument[]): Promise<{ written: number; skippedOlder: number }>;
  remove(ids: string[]): Promise<void>;
  search(query: string, params?: SearchParams): Promise<SearchResponse<IndexedDocument>>;
  allDocuments(): AsyncIterable<IndexedDocument>;
  count(): Promise<number>;
}

const TASK_WAIT = { timeout: 120_000, interval: 50 };

export class MeiliSearchIndex implements SearchIndex {
  readonly client: Meilisearch;
  readonly uid: string;
  private readonly index: Index<IndexedDocument>;

  constructor(options: { host: string; apiKey?: string | undefined; uid: string }) {
    this.client = new Meilisearch({ host: options.host, ...(options.apiKey ? { apiKey: options.apiKey } : {}) });
    this.uid = options.uid;
    this.index = this.client.index<IndexedDocument>(options.uid);
  }

  async ensureSettings(): Promise<void> {
    await this.awaitTask(this.client.createIndex(this.uid, { primaryKey: 'id' }), ['index_already_exists']);
    await this.awaitTask(this.index.updateSettings(INDEX_SETTINGS));
  }

  /**
   * Upserts by primary key, but never replaces a newer version with an older one: a late retry
   * of an old job must not overwrite what a newer fetch indexed.
   */
  async upsert(docs: IngestDocument[]): Promise<{ written: number; skippedOlder: number }> {
    if (docs.length === 0) return { written: 0, skippedOlder: 0 };
    const newest = new Map<string, IngestDocument>();
    for (const d of docs) {
      const prev = newest.get(d.id);
      if (!prev || prev.version <= d.version) newest.set(d.id, d);
    }
    const existing = await this.index.getDocuments({
      filter: `id IN [${[...newest.keys()].map((id) => JSON.stringify(id)).join(',')}]`,
      fields: ['id', 'version'],
      limit: newest.size,
    });
    const current = new Map(existing.results.map((d) => [d.id, d.version]));
    const toWrite = [...newest.values()].filter((d) => (current.get(d.id) ?? -1) <= d.version);
    if (toWrite.length > 0) {
      await this.awaitTask(this.index.addDocuments(toWrite.map(withYear), { primaryKey: 'id' }));
    }
    return { written: toWrite.length, skippedOlder: docs.length - toWrite.length };
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.awaitTask(this.index.deleteDocuments(ids));
  }

  search(query: string, params: SearchParams = {}): Promise<SearchResponse<IndexedDocument>> {
    return this.index.search(query, params) as Promise<SearchResponse<IndexedDocument>>;
  }

  async *allDocuments(): AsyncIterable<IndexedDocument> {
    const limit = 500;
    for (let offset = 0; ; offset += limit) {
      const page = await this.index.getDocuments({ offset, limit });
      for (const d of page.results) yield d;
      if (page.results.length < limit) return;
    }
  }

  async count(): Promise<number> {
    const stats = await this.index.getStats();
    return stats.numberOfDocuments;
  }

  /** An enqueued task is only accepted: wait for its final status and fail on error. */
  private async awaitTask(pending: ReturnType<Index['addDocuments']>, tolerated: string[] = []): Promise<void> {
    const task = await pending.waitTask(TASK_WAIT);
    if (task.status === 'failed') {
      const code = task.error?.code ?? 'unknown';
      if (tolerated.includes(code)) return;
      throw new RetryableError('INDEX_TASK_FAILED', `Meilisearch task ${task.uid} failed: ${code}: ${task.error?.message ?? ''}`);
    }
  }
}

function withYear(doc: IngestDocument): IndexedDocument {
  const year = doc.publishedTs === null ? null : new Date(doc.publishedTs * 1000).getUTCFullYear();
  return { ...doc, publishedYear: year };
}
