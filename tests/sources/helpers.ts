import type { PipelineProcess } from '@ingest/runtime';

/** Waits until every queue has been empty for three reads in a row (stages hand jobs on between reads). */
export async function drained(proc: PipelineProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (idle < 3) {
    if (Date.now() > deadline) throw new Error('pipeline did not drain in time');
    let pending = 0;
    for (const q of Object.values(proc.conns.queues.queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    idle = pending === 0 ? idle + 1 : 0;
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters, after storms damaged more than a third of its length.',
  'Engineers plan to reuse most of the original granite blocks, which were laid in the nineteenth century, and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin during the autumn season.',
];
