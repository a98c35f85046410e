import type { ExtractJob, QueueName, StageResult } from '@ingest/contracts';
import { inStageSpan, recordOutcome, type PipelineStats, type QueueSet, type StageContext } from '@ingest/queue';

/**
 * A stage run inside another stage's job. Returns the stage's result, or null when it did not run
 * here (its queue is paused) or failed: the caller then enqueues the job as it always did, so
 * retries, failure records, pauses and the audit stay the queue's.
 */
export type InlineStage<P> = (payload: P, jobId: string, parent: StageContext) => Promise<StageResult | null>;

/** An extraction given the body in memory (the fetch has it) instead of reading it back from S3. */
export type InlineExtract = InlineStage<ExtractJob & { body: Buffer }>;

/**
 * The stage after fetch, when this process runs it too: a fetch runs its page's extraction inside
 * its own job instead of a queue hop. The hop cost a BullMQ job (about 50 Redis commands) and an
 * S3 GET of the body just archived; the page comes out the same either way.
 */
export interface InlineStages {
  extract?: InlineExtract;
}

export interface InlineOptions {
  /** Called after each stage run here, as the worker calls it for its jobs (metrics). */
  onSettled?: (event: { queue: QueueName; outcome: string; durationMs: number; final?: boolean }) => void;
  /** How long a queue's paused flag is trusted (default 1 s): an operator's pause takes effect within it. */
  pauseCheckMs?: number;
}

export function inlineStages(
  // Not PipelineDeps: deps.ts names InlineStages, and the two would import each other.
  deps: { queues: QueueSet; stats: PipelineStats },
  runners: { extract: (payload: ExtractJob & { body: Buffer }, ctx: StageContext) => Promise<StageResult> },
  options: InlineOptions = {},
): InlineStages {
  const pauseCheckMs = options.pauseCheckMs ?? 1_000;
  const paused = new Map<QueueName, { at: number; paused: Promise<boolean> }>();
  const isPaused = (queue: QueueName): Promise<boolean> => {
    const hit = paused.get(queue);
    if (hit && performance.now() - hit.at < pauseCheckMs) return hit.paused;
    // Unknown counts as paused: the queue then decides, as it would without inline stages.
    const p = deps.queues.queues[queue].isPaused().catch(() => true);
    paused.set(queue, { at: performance.now(), paused: p });
    return p;
  };
  const wrap = <P extends { url: string }>(queue: QueueName, run: (payload: P, ctx: StageContext) => Promise<StageResult>): InlineStage<P> => {
    return async (payload, jobId, parent) => {
      if (await isPaused(queue)) return null;
      const started = performance.now();
      const ctx: StageContext = { log: parent.log, jobId, attempt: 1, firstRun: parent.firstRun === true, signal: parent.signal };
      let result: StageResult;
      try {
        // Named as BullMQ names a job's span, so the page's trace shows the stage either way.
        result = await inStageSpan(deps.queues.telemetry, `process ${queue}`, { 'ingest.inline': 'true', 'ingest.job.id': jobId }, () => run(payload, ctx));
      } catch (err) {
        parent.log.info({ stage: queue, jobId, err: err instanceof Error ? err.message : String(err) }, 'inline stage failed; its job goes to the queue');
        return null;
      }
      await recordOutcome(deps.stats, queue, jobId, payload.url, result);
      options.onSettled?.({ queue, outcome: result.outcome, durationMs: performance.now() - started });
      return result;
    };
  };
  return { extract: wrap('extract', runners.extract) };
}
