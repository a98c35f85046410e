import { RetryableError } from '@ingest/errors';
import { describe, expect, it } from 'vitest';
import { backoffStrategy, retryAfterOf, retryDelayMs } from '../src/backoff.ts';

describe('stage retry back-off', () => {
  it('is exponential with jitter when the failure names no retry time', () => {
    expect(retryDelayMs(1, new Error('x'), 2_000, () => 0)).toBe(1_000);
    expect(retryDelayMs(1, new Error('x'), 2_000, () => 0.999)).toBe(1_999);
    expect(retryDelayMs(3, new Error('x'), 2_000, () => 0)).toBe(4_000);
  });

  it('waits at least the retryAfterMs the error (or the error it wraps) names', () => {
    const robots = new RetryableError('HTTP_SERVER_ERROR', 'robots.txt of http://a.example is unavailable (HTTP 503); not crawling the site for 296 s', { details: { retryAfterMs: 296_000 } });
    // The worker rethrows a stage's error as `CODE: message` with the original as its cause.
    const wrapped = new Error(`HTTP_SERVER_ERROR: ${robots.message}`, { cause: robots });
    expect(retryAfterOf(wrapped)).toBe(296_000);
    expect(retryDelayMs(1, wrapped, 2_000, () => 0.5)).toBe(296_000);
    // A long exponential delay still wins over a short retry time.
    expect(retryDelayMs(10, wrapped, 2_000, () => 0)).toBe(512_000);
    expect(retryAfterOf(new Error('plain'))).toBeNull();
  });

  it("takes its base delay from the job's backoff options", () => {
    const d = backoffStrategy(1, 'ingest', new Error('x'), { opts: { backoff: { delay: 10_000 } } });
    expect(d).toBeGreaterThanOrEqual(5_000);
    expect(d).toBeLessThan(10_000);
  });
});
