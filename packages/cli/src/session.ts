import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliIO } from './io.ts';

/**
 * What "your" work is: the pipeline counters as they stood when this directory's operator first
 * enqueued (or ran a source) since the last `ingest wait` that ended done. `wait` and `status`
 * count from there, so work an earlier stack or another operator left in the same Redis is not
 * reported as yours (`--all` shows everything).
 */
export interface Session {
  target: string;
  startedAt: string;
  baseline: Record<string, number>;
}

function sessionFile(io: CliIO): string {
  return resolve(io.cwd, io.env.INGEST_DATA_DIR ?? '.data', 'cli-session.json');
}

/** Which stack a session belongs to: the API URL in remote mode, the queue prefix locally. */
export function sessionTarget(io: CliIO, queuePrefix?: string): string {
  return io.env.INGEST_API_URL ? `api:${io.env.INGEST_API_URL.replace(/\/+$/, '')}` : `local:${queuePrefix ?? ''}`;
}

export function readSession(io: CliIO, target: string): Session | null {
  try {
    const s = JSON.parse(readFileSync(sessionFile(io), 'utf8')) as Session;
    return s.target === target ? s : null;
  } catch {
    return null;
  }
}

/** Starts a session unless one is open for this stack; later enqueues add to it. */
export async function beginSession(io: CliIO, target: string, counters: () => Promise<Record<string, number>>): Promise<void> {
  if (readSession(io, target)) return;
  const file = sessionFile(io);
  try {
    const baseline = await counters();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ target, startedAt: new Date().toISOString(), baseline } satisfies Session));
  } catch {
    // Counting "your" work is a convenience: a read-only directory must not fail an enqueue.
  }
}

export function endSession(io: CliIO): void {
  rmSync(sessionFile(io), { force: true });
}

/** Counters since the session began; a counter below its baseline was reset, so it counts from zero. */
export function since(counters: Record<string, number>, session: Session | null): Record<string, number> {
  if (!session) return counters;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(counters)) {
    const base = session.baseline[k] ?? 0;
    out[k] = v >= base ? v - base : v;
  }
  return out;
}
