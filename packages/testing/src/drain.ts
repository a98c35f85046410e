import type { QueueSet } from '@ingest/queue';

/**
 * Resolves once every queue has had nothing waiting, active or delayed for `idleReads` reads in a
 * row: a stage hands its job to the next between two reads, so one empty read proves nothing.
 */
export async function drained(proc: { conns: { queues: QueueSet } }, timeoutMs = 60_000, idleReads = 3): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let idle = 0;
  while (idle < idleReads) {
    if (performance.now() > deadline) throw new Error('pipeline did not drain in time');
    let pending = 0;
    for (const q of Object.values(proc.conns.queues.queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    idle = pending === 0 ? idle + 1 : 0;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Polls `probe` until it gives a value (what a test waits for, never a fixed sleep); fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
