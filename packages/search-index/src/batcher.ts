import type { IngestDocument } from '@ingest/contracts';
import type { SearchIndex } from './meili-index.ts';

interface Pending {
  doc: IngestDocument;
  resolve: (r: { written: boolean }) => void;
  reject: (e: unknown) => void;
}

/**
 * Collects documents from concurrently running index jobs into one upsert per size or time
 * window; each job's promise settles with its batch's Meilisearch task, so a failed task fails
 * every job in it (and they are retried) and nothing is acknowledged before it is indexed.
 */
export class IndexBatcher {
  private readonly index: SearchIndex;
  private readonly maxSize: number;
  private readonly maxWaitMs: number;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  readonly onBatch: ((size: number, ms: number) => void) | undefined;

  constructor(index: SearchIndex, options: { maxSize: number; maxWaitMs: number; onBatch?: (size: number, ms: number) => void }) {
    this.index = index;
    this.maxSize = options.maxSize;
    this.maxWaitMs = options.maxWaitMs;
    this.onBatch = options.onBatch;
  }

  submit(doc: IngestDocument): Promise<{ written: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.inFlight;
    // Batches are written one after another so an older batch never lands after a newer one.
    this.inFlight = this.inFlight.then(() => this.write(batch));
    return this.inFlight;
  }

  private async write(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      await this.index.upsert(batch.map((p) => p.doc));
      this.onBatch?.(batch.length, performance.now() - started);
      for (const p of batch) p.resolve({ written: true });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
