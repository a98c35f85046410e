import { STAGES } from '@ingest/contracts';
import type { ExtractionHealth, FlaggedHost } from '@ingest/extraction-health';
import { foldPrioritized, type FailureRecord, type PipelineStats, type QueueSet } from '@ingest/queue';

export interface PipelineStatus {
  queues: Record<string, Record<string, number>>;
  counters: Record<string, number>;
  recentFailures: FailureRecord[];
  idle: boolean;
  /** Stages paused with `ingest queues pause`: their workers take no job until resumed. */
  paused: string[];
  /** Hosts whose extraction shifted sharply since their previous crawl (absent from servers older than it). */
  extraction?: { flaggedHosts: FlaggedHost[] };
}

/** Flagged hosts a status lists (most reasons first): enough to act on, bounded whatever is crawled. */
const FLAGGED_SHOWN = 50;

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** Queue counts, pipeline counters and the latest failures: what `ingest status` and the API show. */
export async function pipelineStatus(queues: QueueSet, stats: PipelineStats, failures = 20, extraction?: Pick<ExtractionHealth, 'flagged'>): Promise<PipelineStatus> {
  // One stage after the other, not all at once: a producer's Redis commands time out after
  // REDIS_COMMAND_TIMEOUT_MS, and a burst of them queued on one connection of a loaded Redis can
  // pass that although each alone would not.
  const counts: Record<string, Record<string, number>> = {};
  const paused: string[] = [];
  let pending = 0;
  for (const stage of STAGES) {
    const queue = queues.queues[stage];
    const c = foldPrioritized(await queue.getJobCounts(...STATES));
    counts[stage] = c;
    if (await queue.isPaused()) paused.push(stage);
    // Each job scheduler (a recurring source) keeps its next run as one delayed job: that is a
    // schedule, not unfinished work, so it does not keep `wait` from seeing the pipeline idle.
    const scheduled = await queue.getJobSchedulersCount();
    const delayed = Math.max(0, (c.delayed ?? 0) - scheduled);
    pending += (c.waiting ?? 0) + (c.active ?? 0) + delayed + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
  }
  const counters = await stats.counts();
  const recentFailures = await stats.recentFailures(failures);
  const status: PipelineStatus = { queues: counts, counters, recentFailures, idle: pending === 0, paused };
  if (extraction) status.extraction = { flaggedHosts: await extraction.flagged(FLAGGED_SHOWN) };
  return status;
}
