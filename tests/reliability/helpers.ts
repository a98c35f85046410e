import type { Job } from 'bullmq';
import { failureOf, type QueueSet } from '@ingest/queue';

/** Polls `check` until it returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 90_000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let last: T | undefined;
  while (performance.now() < deadline) {
    last = await check().catch(() => undefined);
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Failed jobs in every queue, with their reasons (the test prints them when it fails). */
export async function failedJobs(queues: QueueSet): Promise<string[]> {
  const out: string[] = [];
  for (const [name, q] of Object.entries(queues.queues)) {
    for (const job of await q.getJobs(['failed'])) {
      const failure = failureOf(job);
      out.push(`${name} ${job.id}: ${failure?.code} ${failure?.message}`);
    }
  }
  return out;
}

/** Completed jobs that needed more than one attempt: an outage or a kill must not use attempts up. */
export async function retriedJobs(queues: QueueSet): Promise<string[]> {
  const out: string[] = [];
  for (const [name, q] of Object.entries(queues.queues)) {
    const jobs: Job[] = await q.getJobs(['completed']);
    for (const job of jobs) if (job.attemptsMade > 1) out.push(`${name} ${job.id}: ${job.attemptsMade} attempts`);
  }
  return out;
}
