import type { PipelineProcess } from '@ingest/runtime';

/** Resolves when every queue has had nothing waiting, active or delayed for a few polls in a row. */
export async function drained(proc: PipelineProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (idle < 4) {
    if (Date.now() > deadline) throw new Error('pipeline did not drain in time');
    let pending = 0;
    for (const q of Object.values(proc.conns.queues.queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    idle = pending === 0 ? idle + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The stages this package's tests run (a pipeline without the source-discovery stage). */
export const PIPELINE_STAGES = ['fetch', 'extract', 'enrich', 'index'] as const;
