import { Redis } from 'ioredis';
import { testServices } from '@ingest/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '../src/index.ts';

const prefix = `test:fetch-limiter:${process.pid}:${Date.now()}:`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis(testServices().redisUrl, { maxRetriesPerRequest: 1 });
  b = new Redis(testServices().redisUrl, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await a.keys(`${prefix}*`);
  if (keys.length > 0) await a.del(...keys);
  a.disconnect();
  b.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HostLimiter', () => {
  it('two processes never exceed the concurrency limit nor start closer than the delay', async () => {
    const opts = { keyPrefix: prefix + 'shared:', maxConcurrency: 2, minDelayMs: 80, pollMs: 10 };
    const limiters = [new HostLimiter({ ...opts, redis: a }), new HostLimiter({ ...opts, redis: b })];
    const starts: number[] = [];
    const localStarts: number[] = [];
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const lease = await limiters[i % 2]!.acquire('news.example');
        starts.push(lease.acquiredAt);
        localStarts.push(performance.now());
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(200);
        active--;
        await lease();
      }),
    );
    const gaps = (ts: number[]) => {
      const sorted = [...ts].sort((x, y) => x - y);
      return sorted.slice(1).map((t, i) => t - sorted[i]!);
    };
    // Grants are decided on the Redis clock, so the gaps there are exact.
    expect(Math.min(...gaps(starts))).toBeGreaterThanOrEqual(80);
    // Seen from the clients, replies can arrive a little late under load, never wildly early.
    expect(Math.min(...gaps(localStarts))).toBeGreaterThanOrEqual(80 - 30);
    expect(maxActive).toBe(2);
  });

  it('a slow host does not hold up other hosts', async () => {
    const limiter = new HostLimiter({ redis: a, keyPrefix: prefix + 'independent:', maxConcurrency: 1, minDelayMs: 5_000 });
    const slow = await limiter.acquire('slow.example');
    const t0 = performance.now();
    const other = await limiter.acquire('fast.example');
    expect(performance.now() - t0).toBeLessThan(100);
    await other();
    await slow();
  });

  it('frees the slot of a crashed holder when its lease expires', async () => {
    const limiter = new HostLimiter({ redis: a, keyPrefix: prefix + 'lease:', maxConcurrency: 1, minDelayMs: 0, leaseMs: 300, pollMs: 20 });
    await limiter.acquire('crashy.example'); // never released
    const t0 = performance.now();
    const lease = await limiter.acquire('crashy.example');
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1_000);
    await lease();
  });

  it('extend keeps a long-running lease alive', async () => {
    const limiter = new HostLimiter({ redis: a, keyPrefix: prefix + 'extend:', maxConcurrency: 1, minDelayMs: 0, leaseMs: 300, pollMs: 20 });
    const held = await limiter.acquire('long.example');
    await sleep(200);
    expect(await held.extend()).toBe(true);
    const waiter = limiter.acquire('long.example');
    let got = false;
    void waiter.then(() => (got = true));
    await sleep(200);
    expect(got).toBe(false);
    await held();
    const lease = await waiter;
    await lease();
    expect(await held.extend()).toBe(false);
  });

  it('penalize delays the next start; release is idempotent', async () => {
    const limiter = new HostLimiter({ redis: b, keyPrefix: prefix + 'penalty:', maxConcurrency: 3, minDelayMs: 0 });
    const first = await limiter.acquire('busy.example');
    await first();
    await first.release();
    await limiter.penalize('busy.example', 300);
    await limiter.penalize('busy.example', 10); // must not shorten the pause
    const t0 = performance.now();
    const lease = await limiter.acquire('busy.example');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    await lease();
  });

  it('honours a per-call delay (robots Crawl-delay) and abort signals', async () => {
    const limiter = new HostLimiter({ redis: a, keyPrefix: prefix + 'crawl-delay:', maxConcurrency: 5, minDelayMs: 0 });
    await (
      await limiter.acquire('polite.example', { minDelayMs: 2_000 })
    )();
    await expect(limiter.acquire('polite.example', { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(await limiter.run('other.example', async () => 42)).toBe(42);
  });
});
