import { afterAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { DEDUPE_COUNTERS } from '@ingest/dedupe';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { failureOf } from '@ingest/queue';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, html, startCountingProxy, startFixtureServer, testConfig, testServices, until, type CountingProxy, type FixtureServer } from '@ingest/testing';
import { startPoliteSite, type PoliteSite } from '../scale-out/polite-site.ts';

const PAGES = 12;
const STAGES_HERE = STAGES.filter((s) => s !== 'discover' && s !== 'render');

describe('a fetch runs its page extraction itself where the process extracts too', () => {
  let proxy: CountingProxy;
  let proc: PipelineProcess | undefined;
  let site: PoliteSite | undefined;
  let bomb: FixtureServer | undefined;
  const configs: ReturnType<typeof testConfig>[] = [];

  afterAll(async () => {
    await proc?.close();
    await site?.server.close();
    await bomb?.close();
    await proxy?.close();
    for (const c of configs) await cleanupTest(c);
  });

  it('indexes a crawl with no extract job and no S3 read but template re-runs, and a paused extract queue holds its pages', async () => {
    proxy = await startCountingProxy(testServices().s3Endpoint);
    const config = testConfig({ s3Endpoint: proxy.url, fetchHostConcurrency: 4 });
    configs.push(config);
    site = await startPoliteSite('127.0.0.7', PAGES, 1);
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES_HERE, api: false, service: 'inline' });
    const { queues, searchIndex, stats, redis } = proc.conns;
    await enqueueUrls(queues, new CrawlFrontier(redis, queues.prefix), { urls: [site.startUrl], crawl: { maxPages: PAGES + 1, maxDepth: 1 } });
    await until('the crawl to be indexed', async () => (await searchIndex.count()) >= PAGES, 120_000);

    await stats.flush();
    const counts = await stats.counts();
    // Every page was extracted and counted as before ...
    expect((counts['extract.done'] ?? 0) + (counts['extract.skipped'] ?? 0)).toBeGreaterThanOrEqual(PAGES + 1);
    // ... but the extract queue only saw the pages a template decision sent back, and only those read S3.
    const jobs = await queues.queues.extract.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized');
    const queued = Object.values(jobs).reduce((a, b) => a + b, 0);
    expect(queued).toBeLessThanOrEqual(counts[DEDUPE_COUNTERS.pagesReprocessed] ?? 0);
    expect(proxy.counts['GET object'] ?? 0).toBeLessThanOrEqual(queued);

    // An operator's pause holds pages in the extract queue, as it did before the fetch extracted them.
    await queues.queues.extract.pause();
    await new Promise((r) => setTimeout(r, 1_100)); // past the inline stage's paused-flag cache
    const url = `${site.server.baseUrl}/news/story-0.html?held`;
    await enqueueUrls(queues, new CrawlFrontier(redis, queues.prefix), { urls: [url] });
    const held = await until('the page to wait in the paused extract queue', async () => {
      const waiting = await queues.queues.extract.getJobs(['waiting', 'prioritized']);
      return waiting.find((j) => j.data.url === url);
    });
    expect(held.data.url).toBe(url);
    const before = await searchIndex.count();
    await queues.queues.extract.resume();
    await until('the held page to be processed', async () => (await held.isCompleted()) || (await held.isFailed()));
    expect(await held.isCompleted()).toBe(true);
    expect(await searchIndex.count()).toBeGreaterThanOrEqual(before);
  }, 180_000);

  it('hands a page whose inline extraction failed to the extract queue, where its failure is recorded', async () => {
    await proc?.close();
    const config = testConfig({ extractPageBudgetMs: 100 });
    configs.push(config);
    // Nesting that takes far longer than 100 ms to parse.
    bomb = await startFixtureServer({ '/deep.html': (_req, res) => html(res, '<table><tr><td>cell '.repeat(150_000)) }, '127.0.0.8');
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES_HERE, api: false, service: 'inline-fail' });
    const { queues, redis } = proc.conns;
    await enqueueUrls(queues, new CrawlFrontier(redis, queues.prefix), { urls: [`${bomb.baseUrl}/deep.html`] });
    const failed = await until('the extract job to fail', async () => (await queues.queues.extract.getFailed())[0]);
    expect(failureOf(failed)?.code).toBe('PAGE_BUDGET_EXCEEDED');
    const fetched = await until('the fetch job to complete', async () => (await queues.queues.fetch.getCompleted())[0]);
    expect(fetched.returnvalue.outcome).toBe('done');
  }, 180_000);
});
