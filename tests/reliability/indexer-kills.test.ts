import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, configToEnv, drained, testConfig } from '@ingest/testing';
import { startPoliteSite, type PoliteSite } from '../scale-out/polite-site.ts';
import { spawnService, type ServiceProcess } from '../scale-out/service-process.ts';
import { failedJobs, waitFor } from './helpers.ts';

const PAGES = 40;
const KILLS = 3;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('an indexer process SIGKILLed three times during a run', () => {
  // Jobs sit in an open batch for 3 s, so each kill finds some; a 2 s lock finds the stall soon.
  const config = testConfig({ jobLockMs: 2_000, indexBatchWaitMs: 3_000 });
  let site: PoliteSite | undefined;
  let upstream: PipelineProcess | undefined;
  let indexer: ServiceProcess | undefined;

  afterAll(async () => {
    await indexer?.stop();
    await upstream?.close();
    await site?.server.close();
    await cleanupTest(config);
  });

  it('loses nothing, and no job ends failed for stalling, even one that stalled three times', async () => {
    const env = { ...configToEnv(config), LOG_LEVEL: 'info' };
    site = await startPoliteSite('127.0.0.7', PAGES, 20);
    upstream = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch', 'extract'], api: false, service: 'upstream' });
    const p = upstream;
    const index = p.conns.queues.queues.index;
    indexer = await spawnService('indexer', env);
    await enqueueUrls(p.conns.queues, new CrawlFrontier(p.conns.redis, p.conns.queues.prefix), { urls: site.articleUrls });

    for (let kill = 1; kill <= KILLS; kill++) {
      // The k-th kill waits for a job that already stalled k-1 times to be active again, so one
      // job goes through every kill (three stalls: one more than BullMQ's old limit of two).
      await waitFor(`an active index job that stalled ${kill - 1} times`, async () => (await index.getJobs(['active'])).some((j) => j.stalledCounter >= kill - 1), 120_000, 100);
      const pid = indexer.pid;
      process.kill(pid, 'SIGKILL');
      await waitFor('the killed indexer gone', async () => !alive(pid));
      indexer = await spawnService('indexer', env);
    }

    await waitFor(`${PAGES} documents indexed`, async () => (await p.conns.searchIndex.count()) === PAGES, 120_000);
    await drained(p, 60_000);
    expect(await failedJobs(p.conns.queues)).toEqual([]);
    const completed = await index.getJobs(['completed']);
    expect(Math.max(...completed.map((j) => j.stalledCounter))).toBeGreaterThanOrEqual(KILLS);
    const counts = await p.conns.stats.counts();
    expect(counts['index.failed'] ?? 0).toBe(0);
    expect(counts['index.stalled']).toBeGreaterThanOrEqual(KILLS);
    const failures = await p.conns.stats.recentFailures(200);
    expect(failures.filter((f) => f.code === 'WORKER_LOST' && f.queue === 'index' && !f.final).length).toBeGreaterThanOrEqual(KILLS);
    expect(failures.filter((f) => f.final)).toEqual([]);
  }, 400_000);
});
