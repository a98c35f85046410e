import type { Redis } from 'ioredis';
import type { ArchiveStore } from '@ingest/archive';
import { Dedupe } from '@ingest/dedupe';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import { reindex, ReindexError, type ReindexProgress, type ReindexReport } from '@ingest/reindex';
import type { RebuildableIndex } from '@ingest/search-index';

export interface LiveReindexDeps {
  archive: ArchiveStore;
  searchIndex: RebuildableIndex;
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
}

/**
 * A reindex with the live pipeline's template knowledge and clusters, so documents come out as the
 * pipeline would make them: what `ingest reindex` runs, locally or (through the API) in the API process.
 */
export function liveReindex(deps: LiveReindexDeps, options: { chunkSize: number; signal?: AbortSignal | undefined; onProgress?: (p: ReindexProgress) => void }): Promise<ReindexReport> {
  const prefix = deps.queues.prefix;
  const dedupe = new Dedupe({ redis: deps.redis, prefix });
  return reindex(
    {
      archive: deps.archive,
      live: deps.searchIndex,
      redis: deps.redis,
      prefix,
      hooks: {
        templateFor: async (host) => (await dedupe.templates.snapshot(host)).fingerprints,
        clusterOf: (docId, text) => dedupe.clusterOf(docId, text),
      },
    },
    { chunkSize: options.chunkSize, signal: options.signal, onProgress: options.onProgress },
  );
}

export interface ReindexRunState {
  state: 'idle' | 'running' | 'done' | 'failed';
  startedAt: string | null;
  progress: ReindexProgress | null;
  report: ReindexReport | null;
  /** "CODE: message" of a failed run (LOCKED: another run holds the lock; ABORTED: stopped, run again to resume). */
  error: string | null;
}

/**
 * One reindex at a time in this process, run in the background: a rebuild takes minutes, longer
 * than an HTTP request should stay open, so the API starts it and the caller polls its progress.
 * Runs in other processes are kept out by the reindex's own lock in Redis (they fail LOCKED).
 */
export class ReindexRunner {
  private readonly deps: LiveReindexDeps;
  private current: ReindexRunState = { state: 'idle', startedAt: null, progress: null, report: null, error: null };
  private readonly stop = new AbortController();

  constructor(deps: LiveReindexDeps) {
    this.deps = deps;
  }

  status(): ReindexRunState {
    return { ...this.current };
  }

  /** Starts a run unless one is running; either way returns the state of the run in progress. */
  start(chunkSize: number): ReindexRunState {
    if (this.current.state === 'running') return this.status();
    this.current = { state: 'running', startedAt: new Date().toISOString(), progress: null, report: null, error: null };
    const run = this.current;
    liveReindex(this.deps, { chunkSize, signal: this.stop.signal, onProgress: (p) => (run.progress = p) }).then(
      (report) => {
        run.state = 'done';
        run.report = report;
        run.progress = report;
      },
      (err: unknown) => {
        run.state = 'failed';
        run.error = err instanceof ReindexError ? `${err.code}: ${err.message}` : `INTERNAL: ${err instanceof Error ? err.message : String(err)}`;
      },
    );
    return this.status();
  }

  /** Stops a running reindex after its current chunk (the checkpoint lets the next run resume). */
  close(): void {
    this.stop.abort();
  }
}
