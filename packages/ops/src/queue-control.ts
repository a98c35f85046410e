import { STAGES, type QueueName } from '@ingest/contracts';
import type { QueueSet } from '@ingest/queue';

export interface QueueOverview {
  name: QueueName;
  paused: boolean;
  counts: Record<string, number>;
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

export async function queueOverview(queues: QueueSet): Promise<QueueOverview[]> {
  return Promise.all(STAGES.map(async (name) => ({ name, paused: await queues.queues[name].isPaused(), counts: await queues.queues[name].getJobCounts(...STATES) })));
}

/** Pausing is global (every worker process of the stage stops taking jobs); active jobs finish. */
export async function pauseQueue(queues: QueueSet, name: QueueName): Promise<QueueOverview> {
  await queues.queues[name].pause();
  return one(queues, name);
}

export async function resumeQueue(queues: QueueSet, name: QueueName): Promise<QueueOverview> {
  await queues.queues[name].resume();
  return one(queues, name);
}

/** Removes waiting (and, if asked, delayed) jobs; active, completed and failed ones stay. */
export async function drainQueue(queues: QueueSet, name: QueueName, options: { delayed: boolean }): Promise<{ removed: number; queue: QueueOverview }> {
  const q = queues.queues[name];
  const before = await q.getJobCounts('waiting', 'prioritized', 'delayed');
  await q.drain(options.delayed);
  const removed = (before.waiting ?? 0) + (before.prioritized ?? 0) + (options.delayed ? (before.delayed ?? 0) : 0);
  return { removed, queue: await one(queues, name) };
}

async function one(queues: QueueSet, name: QueueName): Promise<QueueOverview> {
  return { name, paused: await queues.queues[name].isPaused(), counts: await queues.queues[name].getJobCounts(...STATES) };
}
