import { describe, expect, it } from 'vitest';
import { adaptGap, type GapLimits, type HostSignal } from '../src/index.ts';

const limits: GapLimits = { minMs: 500, maxMs: 20_000, concurrency: 2 };
const run = (signals: HostSignal[], start: number | null = null, l = limits) => signals.reduce<number | null>((gap, s) => adaptGap(gap, s, l), start)!;
const ok = (responseMs: number): HostSignal => ({ kind: 'ok', responseMs });

describe('adaptGap', () => {
  it('stays at the floor for a fast, healthy host', () => {
    expect(run(Array.from({ length: 20 }, () => ok(30)))).toBe(500);
  });

  it('follows a host that slows down, to response time / concurrency', () => {
    const gap = run(Array.from({ length: 12 }, () => ok(4_000)));
    expect(gap).toBeGreaterThan(1_950);
    expect(gap).toBeLessThanOrEqual(2_000);
  });

  it('backs off on 429/503 and on server errors, never shortening the gap', () => {
    expect(adaptGap(1_000, { kind: 'throttled' }, limits)).toBe(2_000);
    expect(adaptGap(1_000, { kind: 'failed' }, limits)).toBe(1_500);
    expect(run(Array.from({ length: 10 }, () => ({ kind: 'throttled' }) as const))).toBe(20_000);
    // With no delay configured a struggling host is still given room.
    expect(adaptGap(null, { kind: 'throttled' }, { ...limits, minMs: 0 })).toBe(500);
  });

  it('returns towards the floor once the host is healthy again', () => {
    const after = [8_000, 4_000, 2_000, 1_000, 500].map((start) =>
      run(
        Array.from({ length: 8 }, () => ok(50)),
        start,
      ),
    );
    for (const gap of after) expect(gap).toBeLessThan(600);
    expect(
      run(
        Array.from({ length: 30 }, () => ok(50)),
        20_000,
      ),
    ).toBe(500);
  });

  it('is never faster than the floor (setting or Crawl-delay) nor slower than the ceiling', () => {
    const crawlDelay = { ...limits, minMs: 3_000 };
    expect(adaptGap(100, ok(1), crawlDelay)).toBe(3_000);
    expect(adaptGap(null, ok(1), crawlDelay)).toBe(3_000);
    expect(adaptGap(50_000, { kind: 'throttled' }, limits)).toBe(20_000);
    expect(adaptGap(1_000, ok(1_000_000), limits)).toBe(20_000);
  });
});
