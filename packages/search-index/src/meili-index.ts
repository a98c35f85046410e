import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, type Index, type Settings } from 'meilisearch';
import { DependencyUnavailableError, RetryableError, isConnectionError } from '@ingest/errors';
import type { IngestDocument } from '@ingest/contracts';
import { ensureSearchKey } from './keys.ts';
import { meiliFilter } from './meili-filter.ts';
import {
  distinctIds,
  upsertCandidates,
  withYear,
  type Filter,
  type IndexedDocument,
  type RebuildableIndex,
  type SearchQuery,
  type SearchResult,
  type StartedUpsert,
  type UpsertOptions,
} from './port.ts';
import { INDEX_SETTINGS, changedSettings } from './settings.ts';

/**
 * Meilisearch not answering (refused, reset, request timeout) or answering 5xx is an outage:
 * DEPENDENCY_UNAVAILABLE, so the index stage pauses instead of burning the jobs' attempts.
 */
export function meiliFailure(err: unknown, what: string): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  const status = err instanceof MeilisearchApiError ? err.response.status : undefined;
  const outage = err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || isConnectionError(err) || (status !== undefined && status >= 500);
  if (!outage) return err;
  return new DependencyUnavailableError('meilisearch', `Meilisearch ${what} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

async function meili<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw meiliFailure(err, what);
  }
}

const TASK_WAIT = { timeout: 120_000, interval: 50 };
const REQUEST_TIMEOUT_MS = 10_000;

/** The SearchIndex port on Meilisearch. `client` and `uid` are for wiring and tests that inspect the engine itself. */
export class MeiliSearchIndex implements RebuildableIndex {
  readonly client: Meilisearch;
  readonly uid: string;
  private readonly index: Index<IndexedDocument>;
  private readonly host: string;
  private readonly apiKey: string | undefined;
  private readonly settings: Settings;

  /** `settings` replaces INDEX_SETTINGS only to compare settings (benchmarks/index.ts). */
  constructor(options: { host: string; apiKey?: string | undefined; uid: string; settings?: Settings }) {
    this.host = options.host;
    this.apiKey = options.apiKey;
    this.settings = options.settings ?? INDEX_SETTINGS;
    // A request that hangs (engine stopped, not refusing) must fail so the stage can pause, and so
    // an enqueue under the version guard's lock never outlives the lock.
    this.client = new Meilisearch({ host: options.host, timeout: REQUEST_TIMEOUT_MS, ...(options.apiKey ? { apiKey: options.apiKey } : {}) });
    this.uid = options.uid;
    this.index = this.client.index<IndexedDocument>(options.uid);
  }

  /**
   * Creates the index if missing and updates only the settings that differ, so a restart (or a
   * second process) enqueues no task and never triggers a needless re-index.
   */
  async ensureSettings(): Promise<void> {
    await this.applySettings();
  }

  /** ensureSettings, returning the names of the settings it changed. */
  async applySettings(): Promise<(keyof Settings)[]> {
    // Another process may create it between the check and the task: that failure is tolerated.
    if (!(await this.exists())) await this.awaitTask(this.client.createIndex(this.uid, { primaryKey: 'id' }), ['index_already_exists']);
    const changed = changedSettings(this.settings, await this.index.getSettings());
    if (changed.length > 0) {
      const patch: Settings = Object.fromEntries(changed.map((k) => [k, this.settings[k]]));
      await this.awaitTask(this.index.updateSettings(patch));
    }
    return changed;
  }

  /**
   * Upserts by primary key, but never replaces a newer version with an older one: a late retry
   * of an old job must not overwrite what a newer fetch indexed.
   */
  async upsert(docs: IngestDocument[]): Promise<{ written: number; skippedOlder: number }> {
    const started = await this.startUpsert(docs);
    await started.settled;
    return { written: started.written.length, skippedOlder: started.skippedOlder };
  }

  async startUpsert(docs: IngestDocument[], options: UpsertOptions = {}): Promise<StartedUpsert> {
    if (docs.length === 0) return { written: [], skippedOlder: 0, settled: Promise.resolve() };
    const ids = distinctIds(docs);
    // What is indexed already (covers documents indexed before the guard kept versions).
    const existing = await meili('documents/fetch', () => this.index.getDocuments({ filter: meiliFilter([{ field: 'id', op: 'in', values: ids }]), fields: ['id', 'version'], limit: ids.length }));
    const candidates = upsertCandidates(docs, new Map(existing.results.map((d) => [d.id, d.version])), options.pendingVersion);
    const enqueue = async (accepted: ReadonlySet<string>): Promise<StartedUpsert> => {
      const toWrite = candidates.filter((d) => accepted.has(d.id));
      let settled = Promise.resolve();
      if (toWrite.length > 0) {
        const enqueued = this.index.addDocuments(toWrite.map(withYear), { primaryKey: 'id' });
        // A failure to enqueue (network, auth, payload) surfaces here; a failed task through `settled`.
        await meili('documents/add', () => enqueued);
        settled = this.awaitTask(enqueued);
      }
      return { written: toWrite.map((d) => d.id), skippedOlder: docs.length - toWrite.length, settled };
    };
    if (!options.guard) return enqueue(new Set(candidates.map((d) => d.id)));
    return options.guard.claim(candidates, enqueue);
  }

  get name(): string {
    return this.uid;
  }

  /** The same engine and settings under another index uid; used to rebuild and swap (reindex). */
  withName(uid: string): MeiliSearchIndex {
    return new MeiliSearchIndex({ host: this.host, apiKey: this.apiKey, uid, settings: this.settings });
  }

  /**
   * The key the search UI queries Meilisearch with from the browser: search on this index only.
   * The master key stays on the servers.
   */
  searchOnlyKey(): Promise<string> {
    return ensureSearchKey(this.client, this.uid);
  }

  /**
   * Atomically exchanges this index with another: searches see one or the other, never a mix or
   * nothing. API keys name indexes by uid, so the search-only key follows the swap.
   */
  async swapWith(otherUid: string): Promise<void> {
    await this.awaitTask(this.client.swapIndexes([{ indexes: [this.uid, otherUid], rename: false }]));
  }

  /**
   * Whether a swap of this index with another was enqueued since a given time, waiting for it if
   * it is still queued: after a crash right at the swap, this tells whether it happened.
   */
  async swappedWithSince(otherUid: string, since: Date): Promise<boolean> {
    const tasks = await this.client.tasks.getTasks({ types: ['indexSwap'], afterEnqueuedAt: since.toISOString(), limit: 100 });
    const ours = tasks.results.find((t) => t.status !== 'failed' && t.status !== 'canceled' && t.details?.swaps?.some((sw) => sw.indexes.includes(this.uid) && sw.indexes.includes(otherUid)));
    if (!ours) return false;
    const done = await this.client.tasks.waitForTask(ours.uid, TASK_WAIT);
    return done.status === 'succeeded';
  }

  async drop(): Promise<void> {
    await this.awaitTask(this.client.deleteIndex(this.uid), ['index_not_found']);
  }

  async exists(): Promise<boolean> {
    try {
      await this.client.getIndex(this.uid);
      return true;
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return false;
      throw err;
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.awaitTask(this.index.deleteDocuments(ids));
  }

  async startRemove(ids: string[]): Promise<{ settled: Promise<void> }> {
    if (ids.length === 0) return { settled: Promise.resolve() };
    const enqueued = this.index.deleteDocuments(ids);
    await meili('documents/delete', () => enqueued);
    return { settled: this.awaitTask(enqueued) };
  }

  async healthy(): Promise<boolean> {
    try {
      return (await this.client.health()).status === 'available';
    } catch {
      return false;
    }
  }

  async search<F extends keyof IndexedDocument = keyof IndexedDocument>(query: SearchQuery<F>): Promise<SearchResult<Pick<IndexedDocument, F>>> {
    const res = await meili('search', () =>
      this.index.search(query.text ?? '', {
        limit: query.limit ?? 20,
        ...(query.offset ? { offset: query.offset } : {}),
        ...(query.filters?.length ? { filter: meiliFilter(query.filters) } : {}),
        ...(query.sort ? { sort: [`${query.sort.field}:${query.sort.order}`] } : {}),
        ...(query.fields ? { attributesToRetrieve: [...query.fields] } : {}),
        ...(query.facets ? { facets: [...query.facets] } : {}),
        // distinct on the primary key shows every member of a cluster.
        ...(query.allClusterMembers ? { distinct: 'id' } : {}),
      }),
    );
    return {
      hits: res.hits as unknown as Pick<IndexedDocument, F>[],
      total: res.estimatedTotalHits ?? res.hits.length,
      facets: res.facetDistribution ?? {},
      tookMs: res.processingTimeMs,
    };
  }

  async get<F extends keyof IndexedDocument = keyof IndexedDocument>(id: string, fields?: readonly F[]): Promise<Pick<IndexedDocument, F> | null> {
    const res = await this.search<F>({ filters: [{ field: 'id', op: 'eq', value: id }], limit: 1, allClusterMembers: true, ...(fields ? { fields } : {}) });
    return res.hits[0] ?? null;
  }

  /** Every document, or those matching the filters, in pages of 500. */
  async *allDocuments<F extends keyof IndexedDocument = keyof IndexedDocument>(options: { filters?: readonly Filter[]; fields?: readonly F[] } = {}): AsyncIterable<Pick<IndexedDocument, F>> {
    const limit = 500;
    const filter = options.filters?.length ? { filter: meiliFilter(options.filters) } : {};
    const fields = options.fields ? { fields: [...options.fields] } : {};
    for (let offset = 0; ; offset += limit) {
      const page = await meili('documents/fetch', () => this.index.getDocuments({ offset, limit, ...filter, ...fields }));
      for (const d of page.results) yield d;
      if (page.results.length < limit) return;
    }
  }

  async count(): Promise<number> {
    const stats = await meili('stats', () => this.index.getStats());
    return stats.numberOfDocuments;
  }

  /** An enqueued task is only accepted: wait for its final status and fail on error. */
  private async awaitTask(pending: ReturnType<Index['addDocuments']>, tolerated: string[] = []): Promise<void> {
    const task = await meili('task', () => pending.waitTask(TASK_WAIT));
    if (task.status === 'failed') {
      const code = task.error?.code ?? 'unknown';
      if (tolerated.includes(code)) return;
      throw new RetryableError('INDEX_TASK_FAILED', `Meilisearch task ${task.uid} failed: ${code}: ${task.error?.message ?? ''}`);
    }
  }
}
