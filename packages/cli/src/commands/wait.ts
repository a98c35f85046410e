import { parseArgs } from 'node:util';
import type { PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts/queues';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { ProgressLine } from '../progress.ts';
import { endSession, readSession, sessionTarget, since, type Session } from '../session.ts';
import { audit, formatLost } from './audit.ts';
import { fetchStatus } from './status.ts';

const PIPELINE = STAGES.filter((s) => s !== 'discover');

function pendingOf(c: Record<string, number> | undefined): number {
  if (!c) return 0;
  return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
}

/** Pages that reached an end: indexed, skipped or failed for good. */
export function finishedPages(counters: Record<string, number>): number {
  const n = (k: string) => counters[k] ?? 0;
  return n('index.done') + n('fetch.skipped') + n('extract.skipped') + STAGES.reduce((a, st) => a + n(`${st}.failed`), 0);
}

/**
 * Pages per second over a sliding window, and the time the pages still queued would take at that
 * rate. Each page sits in one stage at a time, so the pending jobs of fetch..index are the pages left.
 */
export class RateMeter {
  private readonly samples: { at: number; finished: number }[] = [];
  private readonly windowMs: number;

  constructor(windowMs = 15_000) {
    this.windowMs = windowMs;
  }

  add(at: number, finished: number): void {
    this.samples.push({ at, finished });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }

  /** Pages per second, or null before two samples a second apart. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 1_000) return null;
    return Math.max(0, last.finished - first.finished) / ((last.at - first.at) / 1000);
  }

  etaSeconds(left: number): number | null {
    const r = this.rate();
    if (left === 0) return 0;
    return r ? left / r : null;
  }
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** The paused stages that hold work: nothing will move there until they are resumed. */
export function stuckPaused(s: PipelineStatus): string[] {
  return (s.paused ?? []).filter((q) => pendingOf(s.queues[q]) > 0);
}

export function progressText(s: PipelineStatus, counters: Record<string, number>, meter: RateMeter): string {
  const n = (k: string) => counters[k] ?? 0;
  const left = PIPELINE.reduce((a, st) => a + pendingOf(s.queues[st]), 0);
  const rate = meter.rate();
  const eta = meter.etaSeconds(left);
  const failed = STAGES.reduce((a, st) => a + n(`${st}.failed`), 0);
  const parts = [
    `indexed ${n('index.done')}`,
    `skipped ${n('fetch.skipped') + n('extract.skipped')}`,
    `failed ${failed}`,
    `queued ${left}`,
    rate === null ? 'rate …' : `${rate.toFixed(1)} pages/s`,
    eta === null ? 'time left …' : `~${duration(eta)} left`,
  ];
  const paused = stuckPaused(s);
  if (paused.length > 0) parts.push(`PAUSED: ${paused.join(', ')} (ingest queues resume ${paused.length > 1 ? '--all' : paused[0]})`);
  return parts.join(' · ');
}

export async function waitCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { timeout: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' } } });
  const timeoutS = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`--timeout must be a positive number of seconds, got "${values.timeout}"`, EXIT.usage);
  const progress = new ProgressLine(io.stderr);
  const deadline = performance.now() + timeoutS * 1000;
  const meter = new RateMeter();
  let idleStreak = 0;
  const first = await fetchStatus(io);
  let status = first.status;
  const session: Session | null = values.all ? null : readSession(io, sessionTarget(io, first.prefix));
  const mine = () => since(status.counters, session);
  // Two idle readings in a row: a stage hands its job to the next between two reads.
  while (idleStreak < 2) {
    meter.add(performance.now(), finishedPages(mine()));
    if (performance.now() > deadline) {
      progress.done();
      const paused = stuckPaused(status);
      println(io.stderr, `Timed out after ${timeoutS} s with work still queued: ${progressText(status, mine(), meter)}`);
      if (paused.length > 0)
        println(io.stderr, `${paused.join(', ')} ${paused.length > 1 ? 'are' : 'is'} paused with jobs waiting; resume with: ingest queues resume ${paused.length > 1 ? '--all' : paused[0]}`);
      return EXIT.timeout;
    }
    progress.update(progressText(status, mine(), meter));
    await new Promise((r) => setTimeout(r, 300));
    ({ status } = await fetchStatus(io));
    idleStreak = status.idle ? idleStreak + 1 : 0;
  }
  const { report } = await audit(io, { repair: false, limit: 20, progress });
  progress.done();
  const n = (k: string) => mine()[k] ?? 0;
  const summary = {
    scope: session ? { since: session.startedAt } : 'all',
    fetched: n('fetch.done') + n('fetch.skipped'),
    indexed: n('index.done'),
    skipped: n('fetch.skipped') + n('extract.skipped'),
    failed: STAGES.reduce((a, st) => a + n(`${st}.failed`), 0),
    reasons: status.recentFailures.filter((f) => f.final && (!session || f.at >= session.startedAt)).map((f) => ({ url: f.url, stage: f.queue, code: f.code, message: f.message })),
    lost: report.lost,
    ended: report.ended,
    lostPages: report.lostPages,
  };
  if (values.json) println(io.stdout, JSON.stringify(summary, null, 2));
  else {
    const counts = `fetched ${summary.fetched}, indexed ${summary.indexed}, skipped ${summary.skipped}, failed ${summary.failed}${session ? ` (since you started, ${session.startedAt}; --all for everything)` : ''}`;
    println(io.stdout, report.lost === 0 ? `done: ${counts}` : `drained, but ${report.lost} accepted page(s) are not indexed: ${counts}`);
    for (const r of summary.reasons) println(io.stdout, `  ${r.code.padEnd(24)} ${r.url ?? ''}  ${r.message}`);
    if (report.lost > 0) println(io.stdout, ['lost (re-drive with `ingest audit --repair`):', ...formatLost(report.lostPages, 20, report.lost)].join('\n'));
  }
  // What you started is finished: the next enqueue counts from zero again.
  if (report.lost === 0 && session) endSession(io);
  return report.lost === 0 ? EXIT.ok : EXIT.failure;
}
