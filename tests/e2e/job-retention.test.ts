import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls, runAudit } from '@ingest/pipeline';
import { jobKey, scanKeys } from '@ingest/queue';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, drained, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

const KEEP = 2;
const SEED = '/news/central-asia-treading-carefully.html';

/** Job hashes BullMQ holds for a queue (not its side keys: wait, meta, events, ...). */
async function jobHashes(proc: PipelineProcess, config: Config, queue: string): Promise<string[]> {
  const base = jobKey(config.queuePrefix, queue, '');
  const ids: string[] = [];
  await scanKeys(proc.conns.redis, `${base}${queue}-*`, (keys) => {
    for (const k of keys) if (!k.slice(base.length).includes(':')) ids.push(k);
  });
  return ids;
}

describe('completed jobs are trimmed; dedupe and the audit read URL state', () => {
  let site: DemoSite;
  let config: Config;
  let proc: PipelineProcess;

  beforeAll(async () => {
    site = await startDemoSite();
    config = testConfig({ jobKeepCompleted: KEEP });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'retention' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/`], crawl: { maxPages: 30, maxDepth: 2 } });
    await drained(proc);
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('keeps at most JOB_KEEP_COMPLETED completed jobs per queue after the crawl', async () => {
    const counts = await proc.conns.stats.counts();
    expect(counts['fetch.done'] ?? 0).toBeGreaterThan(KEEP * 3);
    for (const queue of ['fetch', 'extract', 'index'] as const) {
      const c = await proc.conns.queues.queues[queue].getJobCounts('completed', 'failed');
      expect(c.completed, queue).toBeLessThanOrEqual(KEEP);
      expect((await jobHashes(proc, config, queue)).length, queue).toBeLessThanOrEqual(KEEP + (c.failed ?? 0));
    }
  });

  it('still audits every accepted page, from the fetch ledger', async () => {
    const report = await runAudit({ redis: proc.conns.redis, queues: proc.conns.queues, stats: proc.conns.stats, searchIndex: proc.conns.searchIndex });
    const counts = await proc.conns.stats.counts();
    const fetched = (counts['fetch.done'] ?? 0) + (counts['fetch.unchanged'] ?? 0) + (counts['fetch.skipped'] ?? 0);
    expect(report.accepted).toBeGreaterThanOrEqual(fetched);
    expect(report.lost, JSON.stringify(report.lostPages.slice(0, 3))).toBe(0);
    expect(report.indexed).toBeGreaterThanOrEqual(5);
    expect(report.indexed).toBe(await proc.conns.searchIndex.count());
    expect(report.ended['UNSUPPORTED_CONTENT_TYPE']).toBeGreaterThanOrEqual(1);
  });

  it('treats enqueuing a fetched URL again as a no-op although its job is gone', async () => {
    const enqueue = () => enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}${SEED}`] });
    const first = await enqueue();
    expect(first.enqueued[0]!.created).toBe(true);
    await drained(proc);
    // Push the seed's completed fetch job out of the kept history.
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [1, 2, 3].map((n) => `${site.baseUrl}/?retention=${n}`) });
    await drained(proc);
    expect(await proc.conns.queues.queues.fetch.getJob(first.enqueued[0]!.jobId)).toBeUndefined();
    const before = (await proc.conns.stats.counts())['fetch.done'] ?? 0;
    const again = await enqueue();
    expect(again.enqueued[0]).toMatchObject({ jobId: first.enqueued[0]!.jobId, created: false });
    await drained(proc);
    expect((await proc.conns.stats.counts())['fetch.done'] ?? 0).toBe(before);
  });
});
