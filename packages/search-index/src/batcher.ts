import type { IngestDocument } from '@ingest/contracts';
import type { SearchIndex, StartedUpsert } from './port.ts';
import { PendingVersions } from './pending-versions.ts';
import { removalClaim, type VersionGuard } from './version-guard.ts';

interface Pending {
  doc: IngestDocument;
  resolve: (r: { written: boolean }) => void;
  reject: (e: unknown) => void;
}

/**
 * Every job in a batch stays active in BullMQ until the batch's task settles, so what a killed
 * indexer stalls is (batches in flight + the one filling) x batch size. Two in flight keep the
 * next task queued in Meilisearch while one is indexed (no idle engine between tasks); more
 * bought larger merged runs (auto-batching), which the adaptive window below gets without holding
 * more jobs. Measured with `npm run bench:index` (before/after in one run; README, Reliability).
 */
export const DEFAULT_IN_FLIGHT = 2;

export interface BatcherOptions {
  /** Documents per upsert: a batch is sent as soon as it is full. */
  maxSize: number;
  /**
   * How long the first document of a batch waits for others before the batch is sent anyway when
   * nothing is being indexed. While a batch of this process is in flight, a partial batch keeps
   * filling until it is full or that batch settles: part of Meilisearch's cost per task grows
   * with the index, not the task, so a busy engine is better fed a few large tasks than many
   * small ones.
   */
  maxWaitMs: number;
  /**
   * Batches enqueued in Meilisearch whose task is not finished yet. More than one lets the next
   * batch's version check and upload overlap with indexing, and lets Meilisearch merge
   * consecutive tasks into one indexing run (auto-batching). Default DEFAULT_IN_FLIGHT.
   */
  maxInFlight?: number;
  onBatch?: (size: number, ms: number) => void;
  /**
   * false: a partial batch is sent when its window closes even while a batch is in flight (the
   * earlier behaviour, kept so benchmarks/index.ts can measure against it). Default true.
   */
  fillWhileBusy?: boolean;
  /**
   * The cross-process version guard (RedisVersionGuard). Without it the check only covers this
   * process's batches and what Meilisearch has indexed, which two processes can race past.
   */
  guard?: VersionGuard | undefined;
}

/**
 * Collects documents from concurrently running index jobs into one upsert per size or time
 * window; each job's promise settles with its batch's Meilisearch task, so a failed task fails
 * every job in it (and they are retried) and nothing is acknowledged before it is indexed.
 *
 * Order: batches are enqueued one after another and Meilisearch runs an index's tasks in enqueue
 * order, so an older batch never lands after a newer one even with several in flight. The
 * version guard also sees documents still in flight, so a late older copy is dropped even when
 * the newer one is not indexed yet.
 */
export class IndexBatcher {
  private readonly index: SearchIndex;
  private readonly maxSize: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;
  private readonly fillWhileBusy: boolean;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The window of the pending batch closed while a batch was in flight: send it once none is. */
  private windowClosed = false;
  /** Prepares and enqueues batches strictly in order. */
  private enqueueChain: Promise<void> = Promise.resolve();
  /** Batches enqueued whose task has not settled; each promise never rejects. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches handed to the enqueue chain and not yet in flight. */
  private preparing = 0;
  private readonly versions = new PendingVersions();
  private readonly guard: VersionGuard | undefined;
  readonly onBatch: ((size: number, ms: number) => void) | undefined;

  constructor(index: SearchIndex, options: BatcherOptions) {
    this.index = index;
    this.maxSize = options.maxSize;
    this.maxWaitMs = options.maxWaitMs;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_IN_FLIGHT);
    this.onBatch = options.onBatch;
    this.fillWhileBusy = options.fillWhileBusy ?? true;
    this.guard = options.guard;
  }

  submit(doc: IngestDocument): Promise<{ written: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      if (this.pending.length >= this.maxSize) void this.flush();
      else this.timer ??= setTimeout(() => this.windowElapsed(), this.maxWaitMs);
    });
  }

  /**
   * Removes documents, each decided on a fetch (`version`), and returns the ids removed. The
   * removal claims through the guard like an upsert, just above its fetch's version: an upsert of
   * that fetch claimed before it is enqueued before the deletion (the engine applies tasks in
   * order), and one still on its way (a stale extraction, a batch of another process) is refused
   * after it. So the outcome does not depend on which job runs first. An id a newer fetch has
   * claimed is kept. Pending upserts of this process are sent first.
   */
  async remove(docs: readonly { id: string; version: number }[]): Promise<Set<string>> {
    await this.flush();
    const ids = (accepted: ReadonlySet<string>) => docs.map((d) => d.id).filter((id) => accepted.has(id));
    if (!this.guard) {
      const all = ids(new Set(docs.map((d) => d.id)));
      await this.index.remove(all);
      return new Set(all);
    }
    const begun = await this.guard.claim(
      docs.map((d) => ({ id: d.id, version: removalClaim(d.version) })),
      async (accepted) => ({ removed: ids(accepted), ...(await this.index.startRemove(ids(accepted))) }),
    );
    await begun.settled;
    await this.guard.forget(begun.removed);
    return new Set(begun.removed);
  }

  private windowElapsed(): void {
    this.timer = null;
    if (this.fillWhileBusy && this.busy()) this.windowClosed = true;
    else void this.flush();
  }

  private sendIfWindowClosed(): void {
    if (this.windowClosed && !this.busy() && this.pending.length > 0) void this.flush();
  }

  /** A batch is being prepared, enqueued or indexed. */
  private busy(): boolean {
    return this.inFlight.size > 0 || this.preparing > 0;
  }

  /** Sends what is pending and resolves once every batch submitted so far has settled (never rejects). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.windowClosed = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.preparing++;
      this.enqueueChain = this.enqueueChain
        .then(() => this.start(batch))
        .finally(() => {
          this.preparing--;
          this.sendIfWindowClosed();
        });
    }
    return this.enqueueChain.then(() => Promise.all([...this.inFlight])).then(() => undefined);
  }

  private async start(batch: Pending[]): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    const started = performance.now();
    const docs = batch.map((p) => p.doc);
    let begun: StartedUpsert;
    try {
      begun = await this.index.startUpsert(docs, { pendingVersion: (id) => this.versions.get(id), guard: this.guard });
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const written = new Set(begun.written);
    const sent = docs.filter((d) => written.has(d.id));
    this.versions.add(sent);
    // Recorded before the jobs complete: a recrawl compares its digest with what is indexed.
    const indexed = begun.settled.then(() => this.guard?.recordIndexed(sent));
    const tracked: Promise<void> = indexed
      .then(
        () => {
          this.onBatch?.(batch.length, performance.now() - started);
          for (const p of batch) p.resolve({ written: written.has(p.doc.id) });
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
        this.versions.release(sent);
        this.inFlight.delete(tracked);
        this.sendIfWindowClosed();
      });
    this.inFlight.add(tracked);
  }
}
