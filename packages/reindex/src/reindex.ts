import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WARC_PREFIX, type ArchiveStore } from '@ingest/archive';
import type { IngestDocument } from '@ingest/contracts';
import { PermanentError } from '@ingest/errors';
import type { RebuildableIndex } from '@ingest/search-index';
import { VersionStore } from '@ingest/versions';
import { CheckpointStore, type Checkpoint } from './checkpoint.ts';
import { ReindexError } from './errors.ts';
import { replayResponse, type ReplayHooks, type ReplayResult } from './replay.ts';

export interface ReindexDeps {
  archive: ArchiveStore;
  /** The live index: the new one is built beside it and swapped in under its name. */
  live: RebuildableIndex;
  redis: Redis;
  /** The queue prefix; the checkpoint lives under it. */
  prefix: string;
  hooks?: ReplayHooks;
}

export type ReindexPhase = 'counting' | 'building' | 'swapping' | 'catching-up' | 'done';

export interface ReindexProgress {
  phase: ReindexPhase;
  target: string;
  total: number;
  processed: number;
  indexed: number;
  skipped: number;
  /** Archive keys already done by an earlier, interrupted run. */
  resumedFrom: number;
}

export interface ReindexOptions {
  /** Archive keys per checkpoint (and per Meilisearch task). */
  chunkSize?: number;
  /** Archived responses read at once. */
  concurrency?: number;
  /** Stops after the current chunk; the checkpoint lets the next run continue. */
  signal?: AbortSignal;
  /** Called at each step; a returned promise is awaited (the run pauses for it). */
  onProgress?: (p: ReindexProgress) => void | Promise<void>;
  now?: () => number;
}

export interface ReindexReport extends ReindexProgress {
  resumed: boolean;
  /** Documents the live pipeline indexed while the rebuild ran, carried into the new index. */
  carriedOver: number;
  skippedReasons: Record<string, number>;
}

/** Listing order: WARC objects in S3's lexicographic order. */
const PREFIXES = [WARC_PREFIX];
const LOCK_TTL_MS = 60_000;

function isAfter(key: string, checkpoint: string | null): boolean {
  if (checkpoint === null) return true;
  const group = (k: string) => PREFIXES.findIndex((p) => k.startsWith(p));
  const [a, b] = [group(key), group(checkpoint)];
  return a !== b ? a > b : key > checkpoint;
}

/** `documents_reindex_20260129T101500Z`: Meilisearch uids allow letters, digits, `_` and `-`. */
export function targetUid(live: string, at: number): string {
  return `${live}_reindex_${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Rebuilds the index from the raw archive with today's extraction and enrichment, into a new
 * index with the same settings, then swaps it in atomically (searches see the old index until
 * the swap task, the new one after) and deletes the old one. Nothing is fetched again.
 *
 * Resumable: a checkpoint (target index, last archive key whose document is indexed) is saved
 * after each chunk's task succeeded, so an interrupted run continues where it stopped and
 * re-processes at most one chunk (upserts are idempotent).
 */
export async function reindex(deps: ReindexDeps, options: ReindexOptions = {}): Promise<ReindexReport> {
  const now = options.now ?? Date.now;
  const store = new CheckpointStore(deps.redis, deps.prefix, deps.live.name);
  const token = randomBytes(8).toString('hex');
  if (!(await store.lock(token, LOCK_TTL_MS))) {
    throw new ReindexError('LOCKED', `Another reindex of "${deps.live.name}" is running (its lock expires ${LOCK_TTL_MS / 1000} s after it stops).`);
  }
  try {
    return await run(deps, options, store, token, now);
  } finally {
    await store.unlock(token);
  }
}

async function run(deps: ReindexDeps, options: ReindexOptions, store: CheckpointStore, token: string, now: () => number): Promise<ReindexReport> {
  const chunkSize = options.chunkSize ?? 50;
  const concurrency = options.concurrency ?? 4;
  const skippedReasons: Record<string, number> = {};

  const saved = await store.load();
  // A checkpoint whose target index is gone (deleted by hand) cannot be continued: start over.
  const resumed = saved !== null && (saved.phase !== 'building' || (await deps.live.withName(saved.target).exists()));
  const startedAt = now();
  let cp: Checkpoint = saved && resumed ? saved : { target: targetUid(deps.live.name, startedAt), startedAt, lastKey: null, processed: 0, indexed: 0, skipped: 0, phase: 'building' };
  const target = deps.live.withName(cp.target);
  const resumedFrom = cp.processed;
  let total = 0;
  const progress = async (phase: ReindexPhase): Promise<ReindexProgress> => {
    const p = { phase, target: cp.target, total, processed: cp.processed, indexed: cp.indexed, skipped: cp.skipped, resumedFrom };
    await options.onProgress?.(p);
    return p;
  };

  if (cp.phase === 'building') {
    await progress('counting');
    for (const prefix of PREFIXES) for await (const _ of deps.archive.listKeys(prefix)) total++;
    await target.ensureSettings();
    await deps.live.ensureSettings();
    await store.save(cp);
    await progress('building');

    let writing: Promise<void> = Promise.resolve();
    // Versions are the live pipeline's record; the rebuilt documents carry the history they had.
    const versions = new VersionStore(deps.redis, deps.prefix);
    for await (const chunk of chunksAfter(deps.archive, cp.lastKey, chunkSize)) {
      if (options.signal?.aborted) break;
      const results = await mapLimit(chunk, concurrency, (key) => replayOrSkip(deps, key));
      const docs: IngestDocument[] = [];
      for (const r of results) {
        if ('doc' in r) docs.push(r.doc);
        else skippedReasons[r.skipped.code] = (skippedReasons[r.skipped.code] ?? 0) + 1;
      }
      // The previous chunk's task runs while this chunk is extracted; wait for it before the next write.
      await writing;
      if (!(await store.lock(token, LOCK_TTL_MS))) throw new ReindexError('LOCKED', 'Lost the reindex lock to another run.');
      const next: Checkpoint = { ...cp, lastKey: chunk.at(-1)!, processed: cp.processed + chunk.length, indexed: cp.indexed + docs.length, skipped: cp.skipped + chunk.length - docs.length };
      writing = (async () => {
        const histories = await versions.histories(docs.map((d) => d.id));
        await target.upsert(docs.map((d, i) => ({ ...d, history: histories[i]! })));
        await store.save(next);
        cp = next;
        await progress('building');
      })();
      writing.catch(() => {});
    }
    await writing;
    if (options.signal?.aborted) throw new ReindexError('ABORTED', `Reindex stopped after ${cp.processed} of ${total} archived pages; run it again to continue.`);

    cp = { ...cp, phase: 'swapping' };
    await store.save(cp);
  }

  if (cp.phase === 'swapping') {
    await progress('swapping');
    // A crash between sending the swap and recording it must not swap the old index back in.
    if (!(await deps.live.swappedWithSince(cp.target, new Date(cp.startedAt)))) await deps.live.swapWith(cp.target);
    cp = { ...cp, phase: 'swapped' };
    await store.save(cp);
  }

  // After the swap the old documents sit under the target name. Anything the live pipeline
  // indexed into them while we were rebuilding is newer than our run: carry it over.
  await progress('catching-up');
  const old = deps.live.withName(cp.target);
  let carriedOver = 0;
  if (await old.exists()) {
    let batch: IngestDocument[] = [];
    for await (const doc of old.allDocuments({ filters: [{ field: 'version', op: 'gte', value: cp.startedAt }] })) {
      batch.push(doc);
      if (batch.length === 500) {
        carriedOver += (await deps.live.upsert(batch)).written;
        batch = [];
      }
    }
    carriedOver += (await deps.live.upsert(batch)).written;
    await old.drop();
  }
  await store.clear();
  return { ...(await progress('done')), total: Math.max(total, cp.processed), resumed, carriedOver, skippedReasons };
}

async function replayOrSkip(deps: ReindexDeps, key: string): Promise<ReplayResult> {
  try {
    return await replayResponse(deps.archive, key, deps.hooks);
  } catch (err) {
    // A missing or corrupt object is this page's problem; S3 or Redis being down stops the run (resumable).
    if (err instanceof PermanentError) return { skipped: { code: err.code, message: err.message } };
    throw err;
  }
}

async function* chunksAfter(archive: ArchiveStore, lastKey: string | null, size: number): AsyncIterable<string[]> {
  let chunk: string[] = [];
  for (const prefix of PREFIXES) {
    for await (const key of archive.listKeys(prefix)) {
      if (!isAfter(key, lastKey)) continue;
      chunk.push(key);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
