import { STAGES } from '@ingest/contracts';
import type { FailureRecord, PipelineStats, QueueSet } from '@ingest/queue';

export interface PipelineStatus {
  queues: Record<string, Record<string, number>>;
  counters: Record<string, number>;
  recentFailures: FailureRecord[];
  idle: boolean;
  /** Stages paused with `ingest queues pause`: their workers take no job until resumed. */
  paused: string[];
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** Queue counts, pipeline counters and the latest failures: what `ingest status` and the API show. */
export async function pipelineStatus(queues: QueueSet, stats: PipelineStats, failures = 20): Promise<PipelineStatus> {
  // One round of requests for every stage at once: `ingest status` is a short-lived command and
  // each sequential round trip is time an operator waits.
  const perStage = await Promise.all(
    STAGES.map(async (stage) => {
      const queue = queues.queues[stage];
      const [c, isPaused, scheduled] = await Promise.all([queue.getJobCounts(...STATES), queue.isPaused(), queue.getJobSchedulersCount()]);
      return { stage, c, isPaused, scheduled };
    }),
  );
  const counts: Record<string, Record<string, number>> = {};
  const paused: string[] = [];
  let pending = 0;
  for (const { stage, c, isPaused, scheduled } of perStage) {
    counts[stage] = c;
    if (isPaused) paused.push(stage);
    // Each job scheduler (a recurring source) keeps its next run as one delayed job: that is a
    // schedule, not unfinished work, so it does not keep `wait` from seeing the pipeline idle.
    const delayed = Math.max(0, (c.delayed ?? 0) - scheduled);
    pending += (c.waiting ?? 0) + (c.active ?? 0) + delayed + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
  }
  const [counters, recentFailures] = await Promise.all([stats.counts(), stats.recentFailures(failures)]);
  return { queues: counts, counters, recentFailures, idle: pending === 0, paused };
}
