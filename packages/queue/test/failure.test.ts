import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '@ingest/errors';
import { createLogger } from '@ingest/logger';
import { cleanupTest, testConfig } from '@ingest/testing';
import { createStageWorker, failureOf, jobKey, PipelineStats, queueKeyPrefix, STALLED_REASON } from '../src/index.ts';

async function until<T>(what: string, read: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A failed job carries its registry code as data, not as the start of its reason string: every
 * reader gets it from failureOf, with the registry's retry verdict.
 */
describe('typed job failures', () => {
  const config = testConfig();
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const closers: (() => Promise<unknown>)[] = [];
  const log = createLogger({ level: 'silent' });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await cleanupTest(config);
    redis.disconnect();
  });

  it('records the code of every failure the stage worker sees, and reads it back typed', async () => {
    const stats = new PipelineStats(redis, config.queuePrefix);
    const worker = createStageWorker({
      queue: 'fetch',
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: 2,
      lockDurationMs: 30_000,
      log,
      stats,
      handler: async (job) => {
        if (job.url.endsWith('/gone')) throw new PermanentError('HTTP_GONE', 'answered 410: Gone');
        if (job.url.endsWith('/slow')) throw new RetryableError('TIMEOUT', 'headers timeout after 5000 ms');
        // A colon-prefixed message must not pass for a code.
        throw new Error('HTTP_GONE: not really');
      },
    });
    closers.push(() => worker.close());
    const queue = new Queue('fetch', { connection: redis, prefix: queueKeyPrefix(config.queuePrefix, 'fetch') });
    closers.push(() => queue.close());
    const enqueuedAt = new Date().toISOString();
    for (const [id, path] of [
      ['gone', '/gone'],
      ['slow', '/slow'],
      ['bug', '/bug'],
    ] as const) {
      await queue.add('fetch', { url: `http://example.test${path}`, enqueuedAt }, { jobId: id, attempts: 1 });
    }
    const failed = await until('three failed jobs', async () => {
      const jobs = await queue.getFailed();
      return jobs.length === 3 ? new Map(jobs.map((j) => [j.id, j])) : null;
    });
    expect(failureOf(failed.get('gone')!)).toEqual({ code: 'HTTP_GONE', message: 'answered 410: Gone', retryable: false });
    expect(failureOf(failed.get('slow')!)).toEqual({ code: 'TIMEOUT', message: 'headers timeout after 5000 ms', retryable: true });
    expect(failureOf(failed.get('bug')!)).toEqual({ code: 'INTERNAL', message: 'HTTP_GONE: not really', retryable: true });
    const recorded = await stats.recentFailures(10);
    expect(recorded.map((f) => f.code).sort()).toEqual(['HTTP_GONE', 'INTERNAL', 'TIMEOUT']);
  });

  it('gives a job BullMQ failed for stalling past the limit the STALLED code, over what an earlier attempt recorded', async () => {
    const name = 'stalls';
    const prefix = queueKeyPrefix(config.queuePrefix, name);
    const queue = new Queue(name, { connection: redis, prefix });
    closers.push(() => queue.close());
    const job = await queue.add(name, {}, { jobId: 'stuck', attempts: 3 });
    // An earlier attempt's failure, as the stage worker records it.
    await job.updateProgress({ failure: { code: 'TIMEOUT', message: 'headers timeout' } });
    // A worker that takes the job and never renews its lock: the job stalls, and with no stall
    // allowed BullMQ fails it on the next take.
    let started = 0;
    const stuck = new Worker(name, () => new Promise(() => started++), {
      connection: redis,
      prefix,
      lockDuration: 300,
      stalledInterval: 300,
      maxStalledCount: 0,
      skipLockRenewal: true,
      concurrency: 2,
    });
    closers.push(() => stuck.close(true));
    const failed = await until('the stalled job to fail', async () => ((await queue.getJob('stuck'))?.failedReason ? ((await queue.getJob('stuck')) as Job) : null));
    expect(started).toBe(1);
    expect(failed.failedReason).toBe(STALLED_REASON);
    expect(failureOf(failed)).toEqual({ code: 'STALLED', message: STALLED_REASON, retryable: true });
  });

  it('has the stage worker record a stall past the limit as a final STALLED failure', async () => {
    const stats = new PipelineStats(redis, `${config.queuePrefix}:stall-stats`);
    const queue = new Queue('extract', { connection: redis, prefix: queueKeyPrefix(config.queuePrefix, 'extract') });
    closers.push(() => queue.close());
    let ran = 0;
    const worker = createStageWorker({
      queue: 'extract',
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: 1,
      lockDurationMs: 30_000,
      log,
      stats,
      handler: async () => {
        ran++;
        return { outcome: 'done' };
      },
    });
    closers.push(() => worker.close());
    await worker.pause();
    await queue.add('extract', { url: 'http://example.test/a' }, { jobId: 'stalled-out', attempts: 3 });
    // What BullMQ's stalled check writes on a job that stalled once too often (moveStalledJobsToWait):
    // the next worker to take it fails it without running it.
    await redis.hset(jobKey(config.queuePrefix, 'extract', 'stalled-out'), 'defa', STALLED_REASON);
    await worker.resume();
    const recorded = await until('the STALLED record', async () => (await stats.recentFailures(10)).find((f) => f.jobId === 'stalled-out'));
    expect(recorded).toMatchObject({ queue: 'extract', code: 'STALLED', final: true, url: 'http://example.test/a' });
    expect(ran).toBe(0);
    expect(failureOf((await queue.getJob('stalled-out'))!)?.code).toBe('STALLED');
  });
});
