import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '@ingest/errors';
import { HostLimiter } from '@ingest/politeness';
import { createLogger } from '@ingest/logger';
import { createStageWorker, PipelineStats, QueueSet } from '@ingest/queue';
import { cleanupTest, testConfig } from '@ingest/testing';

const FRESH = 20;

/**
 * A fetch job parked for its host's turn must be back in a worker when the turn comes: were it
 * queued behind the fresh jobs (which on a crawl arrive by the hundred and only book turns), the
 * host would sit idle for as long as the backlog takes, seconds on a loaded machine.
 */
describe('a parked fetch job whose turn has come', () => {
  const config = testConfig({});
  const connections: Redis[] = [];
  let queues: QueueSet | undefined;
  let worker: ReturnType<typeof createStageWorker> | undefined;

  afterAll(async () => {
    await worker?.close();
    await queues?.close();
    connections.forEach((c) => c.disconnect());
    await cleanupTest(config);
  });

  it('goes ahead of fresh fetch jobs', async () => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    queues = new QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: 3 });
    const enqueuedAt = new Date().toISOString();
    await queues.add('fetch', { url: 'http://busy.example/a.html', enqueuedAt }, 'parked');
    for (let i = 0; i < FRESH; i++) await queues.add('fetch', { url: `http://other${i}.example/`, enqueuedAt }, `fresh-${i}`);

    const runs: string[] = [];
    let done = 0;
    const allDone = new Promise<void>((resolve) => {
      // One slot: the order the worker takes jobs in is the order they are run.
      worker = createStageWorker({
        queue: 'fetch',
        connection: redis,
        prefix: config.queuePrefix,
        concurrency: 1,
        lockDurationMs: 30_000,
        log: createLogger({ level: 'silent' }),
        stats: new PipelineStats(redis, config.queuePrefix),
        handler: async (_job, ctx) => {
          runs.push(ctx.jobId);
          if (ctx.jobId === 'parked' && runs.filter((r) => r === 'parked').length === 1) {
            throw new RateLimitedError('busy.example is busy', 1, { details: { host: 'busy.example', reason: 'host-busy' } });
          }
          if (++done === FRESH + 1) resolve();
          return { outcome: 'done' };
        },
      });
    });
    await allDone;
    const second = runs.indexOf('parked', 1);
    console.info(`run order: ${runs.join(' ')}`);
    expect(runs[0]).toBe('parked');
    // Back right after its 1 ms park (a fresh job or two may slip in while the delay elapses),
    // not after all twenty fresh jobs.
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(3);
    const job = await queues.queues.fetch.getJob('parked');
    expect(job?.attemptsMade).toBe(1);
  }, 60_000);
});

/** Only the head of a host's schedule may wait in place: a host never holds more than one waiting worker slot. */
describe('turn holders behind the head', () => {
  const config = testConfig({});
  let redis: Redis | undefined;
  afterAll(async () => {
    redis?.disconnect();
    await cleanupTest(config);
  });

  it('park again instead of waiting in place', async () => {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
    // A long delay, so that nothing here depends on how fast the machine is.
    const limiter = new HostLimiter({ redis, keyPrefix: `${config.queuePrefix}:polite:`, maxConcurrency: 2, minDelayMs: 5_000, wakeLeadMs: 100 });
    const first = await limiter.tryAcquire('h.example', { ticket: 'j0' });
    expect(first.lease).not.toBeNull();
    expect(first.lease!.markSent()).toBe(true);
    const j1 = await limiter.tryAcquire('h.example', { ticket: 'j1' });
    const j2 = await limiter.tryAcquire('h.example', { ticket: 'j2' });
    expect(j1).toMatchObject({ lease: null, park: true });
    expect(j2).toMatchObject({ lease: null, park: true });
    // j2 woken long before its turn (or the schedule drifted): j1 is still ahead of it, so it parks
    // for where it stands, a delay behind j1, instead of taking a slot to wait in.
    const again = await limiter.tryAcquire('h.example', { ticket: 'j2' });
    expect(again).toMatchObject({ lease: null, park: true });
    expect(again.lease === null && again.waitMs).toBeGreaterThan(5_000);
    await first.lease!.release();
  });
});
