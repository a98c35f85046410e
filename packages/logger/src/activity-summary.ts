import type { Logger } from 'pino';

/** What a stage worker reports when a job settles (the same event the metrics take). */
export interface SettledJob {
  queue: string;
  outcome: string;
  /** Set on failures: true when the job will not be retried. */
  final?: boolean;
}

export interface ActivitySummaryOptions {
  log: Logger;
  /** Length of one summary window; at most one line per window, none when nothing happened. */
  intervalMs?: number;
  now?: () => number;
}

interface Window {
  indexed: number;
  removed: number;
  failed: number;
  retried: number;
}

const empty = (): Window => ({ indexed: 0, removed: 0, failed: 0, retried: 0 });

/**
 * One info line per window instead of one per page: a crawl of thousands of pages reads as a
 * heartbeat with rates, not a flood, and a newcomer sees that pages are being indexed at all
 * (job failures keep their own warn lines).
 */
export class ActivitySummary {
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private window = empty();
  private readonly totals = empty();
  private windowStart: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: ActivitySummaryOptions) {
    this.log = options.log;
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.windowStart = this.now();
  }

  settled = (event: SettledJob): void => {
    if (event.queue === 'index' && event.outcome === 'done') this.window.indexed++;
    else if (event.queue === 'index' && event.outcome === 'removed') this.window.removed++;
    else if (event.outcome === 'error' && event.final === true) this.window.failed++;
    else if (event.outcome === 'error') this.window.retried++;
    else return;
    // The first event of a quiet period opens a window; the line comes when it closes.
    if (!this.timer) {
      this.windowStart = this.now();
      this.timer = setTimeout(() => this.flush(), this.intervalMs).unref();
    }
  };

  /** Logs the window now (if anything happened in it) and starts the next. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const w = this.window;
    const at = this.now();
    const seconds = Math.max(0.001, (at - this.windowStart) / 1000);
    this.window = empty();
    this.windowStart = at;
    if (w.indexed + w.removed + w.failed + w.retried === 0) return;
    for (const k of Object.keys(w) as (keyof Window)[]) this.totals[k] += w[k];
    const parts = [`indexed ${w.indexed} page${w.indexed === 1 ? '' : 's'} (${(w.indexed / seconds).toFixed(1)}/s)`];
    if (w.removed) parts.push(`removed ${w.removed}`);
    if (w.failed) parts.push(`${w.failed} failed`);
    if (w.retried) parts.push(`${w.retried} to retry`);
    this.log.info(
      { window: { ...w, seconds: Number(seconds.toFixed(3)) }, total: { ...this.totals } },
      `${parts.join(', ')}; ${this.totals.indexed} indexed, ${this.totals.failed} failed since start`,
    );
  }

  close(): void {
    this.flush();
  }
}
