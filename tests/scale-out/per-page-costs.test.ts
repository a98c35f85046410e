import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, startCountingProxy, testConfig, testServices, type CountingProxy } from '@ingest/testing';
import { startPoliteSite, type PoliteSite } from './polite-site.ts';

const PAGES = 40;
/**
 * Measured 166 (224-234 before a fetch ran its page's extraction itself and a page's links were
 * claimed with one SMISMEMBER; 266-272 before the index job carried its document; 354 before
 * template windows, batched counters and batched LSH band reads), with a margin for a loaded
 * machine (retries, empty polls).
 */
const REDIS_BOUND = 200;

async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

describe('what one page costs in Redis and S3 operations (figures for docs/capacity.md)', () => {
  let proxy: CountingProxy;
  let proc: PipelineProcess | undefined;
  let site: PoliteSite | undefined;
  let config: ReturnType<typeof testConfig>;

  afterAll(async () => {
    await proc?.close();
    await site?.server.close();
    await proxy?.close();
    if (config) await cleanupTest(config);
  });

  it('counts Redis commands and S3 requests per page over a crawl', async () => {
    proxy = await startCountingProxy(testServices().s3Endpoint);
    config = testConfig({ s3Endpoint: proxy.url, fetchHostDelayMs: 0, fetchHostConcurrency: 8 });
    site = await startPoliteSite('127.0.0.5', PAGES, 1);
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES.filter((s) => s !== 'discover'), api: false, service: 'costs' });
    const probe = new Redis(config.redisUrl);
    // Idle workers still poll Redis; measure that rate first to subtract it.
    const idle0 = await commandStats(probe);
    await new Promise((r) => setTimeout(r, 3_000));
    const idle1 = await commandStats(probe);
    const idlePerS = (Object.values(idle1).reduce((a, b) => a + b, 0) - Object.values(idle0).reduce((a, b) => a + b, 0)) / 3;
    for (const k of Object.keys(proxy.counts)) proxy.counts[k] = 0;

    const before = await commandStats(probe);
    const started = Date.now();
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [site.startUrl], crawl: { maxPages: PAGES + 1, maxDepth: 1 } });
    // Progress is read from Meilisearch, not Redis, so the polling adds no Redis commands.
    while ((await proc.conns.searchIndex.count()) < PAGES) await new Promise((r) => setTimeout(r, 200));
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await commandStats(probe);
    expect((await pipelineStatus(proc.conns.queues, proc.conns.stats)).idle).toBe(true);
    probe.disconnect();

    const delta: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) delta[k] = v - (before[k] ?? 0);
    // The probe's own INFO calls and the status polling of this test are not pipeline work.
    delete delta.info;
    const pages = PAGES + 1;
    const total = Object.values(delta).reduce((a, b) => a + b, 0);
    const counters = await proc.conns.stats.counts();
    const extractRuns = (counters['extract.done'] ?? 0) + (counters['extract.skipped'] ?? 0) + (counters['extract.failed'] ?? 0);
    const pollingOverhead = idlePerS * seconds;
    const figures = {
      pages,
      documents: await proc.conns.searchIndex.count(),
      seconds,
      extractRunsPerPage: +(extractRuns / pages).toFixed(2),
      redisCommandsPerPage: Math.round(total / pages),
      redisCommandsPerPageWithoutIdlePolling: Math.round((total - pollingOverhead) / pages),
      idleRedisCommandsPerSecond: Math.round(idlePerS),
      topRedisCommandsPerPage: Object.fromEntries(
        Object.entries(delta)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([k, v]) => [k, +(v / pages).toFixed(1)]),
      ),
      s3RequestsPerPage: Object.fromEntries(Object.entries(proxy.counts).map(([k, v]) => [k, +(v / pages).toFixed(2)])),
    };
    console.log('per-page costs:', JSON.stringify(figures, null, 2));
    expect(figures.documents).toBe(PAGES);
    // Template learning re-extracts only pages its decisions change (14 runs a page when it stormed).
    expect(figures.extractRunsPerPage).toBeLessThanOrEqual(1.1);
    // Every page of this 40-page host is in its learning window, the costliest case. Mostly BullMQ now.
    expect(figures.redisCommandsPerPageWithoutIdlePolling).toBeLessThan(REDIS_BOUND);
    // Measured 1.0: the PUT of the capture (the fetch extracts the body it holds; 2.0 when extract
    // read it back, 6 before that: a HEAD before every capture, a CDXJ object per capture and the
    // document stored for the index stage and read back). A retried job asks before it writes.
    const s3PerPage = Object.values(proxy.counts).reduce((a, b) => a + b, 0) / pages;
    expect(s3PerPage).toBeLessThanOrEqual(1.3);
    expect(figures.s3RequestsPerPage['HEAD object'] ?? 0).toBeLessThan(0.2);
  }, 180_000);
});
