import { afterAll, describe, expect, it } from 'vitest';
import { pipelineStatus } from '@ingest/api-server';
import { createLogger } from '@ingest/logger';
import { sumOf, type ParsedMetrics } from '@ingest/metrics';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { connect, type Connections } from '@ingest/runtime';
import { cleanupTest, configToEnv, testConfig } from '@ingest/testing';
import { smallestGap, startPoliteSite, type PoliteSite } from './polite-site.ts';
import { spawnService, type ServiceName, type ServiceProcess } from './service-process.ts';

const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const PAGES_PER_HOST = 12;
const DELAY_MS = 150;
const HOST_CONCURRENCY = 2;
// Slower than the delay × concurrency, so a broken concurrency limit would show as 3+ in flight.
const LATENCY_MS = 400;
const JITTER_MS = 15;
const STAGE_OF: Record<Exclude<ServiceName, 'api'>, string> = { fetcher: 'fetch', extractor: 'extract', enricher: 'enrich', indexer: 'index' };

describe('scale-out: two processes of every worker against one Redis', () => {
  const config = testConfig({ fetchHostDelayMs: DELAY_MS, fetchHostConcurrency: HOST_CONCURRENCY, fetchConcurrency: 4, extractConcurrency: 2 });
  const procs: ServiceProcess[] = [];
  const sites: PoliteSite[] = [];
  let producer: Connections | undefined;

  afterAll(async () => {
    await Promise.allSettled(procs.map((p) => p.stop()));
    await producer?.close();
    await Promise.allSettled(sites.map((s) => s.server.close()));
    await cleanupTest(config);
  });

  it('shares the work, processes nothing twice and keeps per-host politeness', async () => {
    for (const host of HOSTS) sites.push(await startPoliteSite(host, PAGES_PER_HOST, LATENCY_MS));
    const env = { ...configToEnv(config), LOG_LEVEL: 'info' };
    const names = Object.keys(STAGE_OF) as (keyof typeof STAGE_OF)[];
    procs.push(...(await Promise.all(names.flatMap((n) => [spawnService(n, env), spawnService(n, env)]))));

    producer = await connect(config, createLogger({ level: 'silent' }), 'producer');
    const started = Date.now();
    await enqueueUrls(producer.queues, new CrawlFrontier(producer.redis, producer.queues.prefix), {
      urls: sites.map((s) => s.startUrl),
      crawl: { maxPages: 100, maxDepth: 1 },
    });
    const expectedDocs = HOSTS.length * PAGES_PER_HOST;
    const deadline = Date.now() + 120_000;
    let idleReads = 0;
    while (idleReads < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const s = await pipelineStatus(producer.queues, producer.stats);
      idleReads = s.idle && (await producer.searchIndex.count()) >= expectedDocs ? idleReads + 1 : 0;
    }
    const elapsedS = (Date.now() - started) / 1000;
    const status = await pipelineStatus(producer.queues, producer.stats);
    expect(status.idle).toBe(true);

    // Work shared: both processes of every stage settled jobs.
    const scrapes = new Map<ServiceProcess, ParsedMetrics>();
    for (const p of procs) scrapes.set(p, await p.scrape());
    const perProcess: Record<string, number[]> = {};
    for (const p of procs) (perProcess[p.name] ??= []).push(sumOf(scrapes.get(p)!, 'ingest_jobs_total', { stage: STAGE_OF[p.name as keyof typeof STAGE_OF] }));

    // Nothing twice: every page requested once, every document indexed once.
    const pageHits = sites.flatMap((s) => s.server.hits.filter((h) => h !== '/robots.txt'));
    const distinctPages = new Set(sites.flatMap((s) => s.server.hits.filter((h) => h !== '/robots.txt').map((h) => `${s.host}${h}`)));
    const indexed = await producer.searchIndex.count();
    const c = status.counters;
    const politeness = sites.map((s) => ({ host: s.host, requests: s.starts.length, smallestGapMs: smallestGap(s.starts), maxInFlight: s.maxInFlight }));

    const figures = {
      elapsedS,
      processesPerStage: 2,
      jobsPerProcess: perProcess,
      pageRequests: pageHits.length,
      distinctPages: distinctPages.size,
      indexedDocuments: indexed,
      counters: { fetched: c['fetch.done'], extracted: c['extract.done'], enriched: c['enrich.done'], indexed: c['index.done'], reprocessed: c['dedupe.pagesReprocessed'] ?? 0 },
      politeness,
      limits: { FETCH_HOST_DELAY_MS: DELAY_MS, FETCH_HOST_CONCURRENCY: HOST_CONCURRENCY },
    };
    console.log('scale-out figures:', JSON.stringify(figures, null, 2));

    for (const [name, counts] of Object.entries(perProcess)) {
      expect(counts, name).toHaveLength(2);
      for (const n of counts) expect(n, `${name}: each process took jobs (${counts.join(' + ')})`).toBeGreaterThan(0);
    }
    expect(pageHits.length).toBe(HOSTS.length * (PAGES_PER_HOST + 1));
    expect(distinctPages.size).toBe(pageHits.length);
    expect(indexed).toBe(expectedDocs);
    expect(perProcess.fetcher!.reduce((a, b) => a + b, 0)).toBe(HOSTS.length * (PAGES_PER_HOST + 1));
    // Template learning re-extracts some pages; an unchanged document is still indexed only once.
    expect(c['index.done']).toBe(expectedDocs);
    for (const p of politeness) {
      // The limiter spaces request starts at the client; arrival at the server adds a few ms of
      // scheduling jitter on a loaded machine, so the observed gap may fall short by that much.
      expect(p.smallestGapMs, `${p.host} gap`).toBeGreaterThanOrEqual(DELAY_MS - JITTER_MS);
      expect(p.maxInFlight, `${p.host} in flight`).toBeLessThanOrEqual(HOST_CONCURRENCY);
    }
  }, 400_000);
});
