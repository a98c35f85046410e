import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActivitySummary, createLogger, wantsPretty } from '@ingest/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
  return { log, lines };
}

describe('activity summary', () => {
  afterEach(() => vi.useRealTimers());

  it('logs one line per window however many pages were indexed, with rates and totals', () => {
    vi.useFakeTimers();
    const { log, lines } = capture();
    const summary = new ActivitySummary({ log, intervalMs: 1000 });
    for (let i = 0; i < 250; i++) summary.settled({ queue: 'index', outcome: 'done' });
    summary.settled({ queue: 'fetch', outcome: 'error', final: true });
    summary.settled({ queue: 'fetch', outcome: 'error', final: false });
    summary.settled({ queue: 'fetch', outcome: 'done' });
    expect(lines).toHaveLength(0);
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, window: { indexed: 250, failed: 1, retried: 1 }, total: { indexed: 250, failed: 1 } });
    expect(lines[0]!.msg).toBe('indexed 250 pages (250.0/s), 1 failed, 1 to retry; 250 indexed, 1 failed since start');
    for (let i = 0; i < 3; i++) summary.settled({ queue: 'index', outcome: 'done' });
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.msg).toBe('indexed 3 pages (3.0/s); 253 indexed, 1 failed since start');
  });

  it('stays silent while nothing settles', () => {
    vi.useFakeTimers();
    const { log, lines } = capture();
    const summary = new ActivitySummary({ log, intervalMs: 1000 });
    summary.settled({ queue: 'extract', outcome: 'done' });
    vi.advanceTimersByTime(10_000);
    summary.close();
    expect(lines).toHaveLength(0);
  });

  it('is pretty on a terminal unless told otherwise', () => {
    expect([wantsPretty('auto', true), wantsPretty('auto', false), wantsPretty('auto', undefined), wantsPretty('json', true), wantsPretty('pretty', false)]).toEqual([true, false, false, false, true]);
  });

  it('logs errors with their stack and cause', () => {
    const { log, lines } = capture();
    log.error({ err: new TypeError('bad input', { cause: new Error('root cause') }) }, 'job failed');
    const err = lines[0]!.err as { type: string; message: string; stack: string; cause: { message: string; stack: string } };
    expect(err.type).toBe('TypeError');
    expect(err.stack).toContain('activity-summary.unit.test.ts');
    expect(err.cause.message).toBe('root cause');
    expect(err.cause.stack).toContain('activity-summary.unit.test.ts');
  });
});
