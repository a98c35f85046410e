import { afterAll, describe, expect, it } from 'vitest';
import { pipelineStatus } from '@ingest/ops';
import { createLogger } from '@ingest/logger';
import { sumOf, type ParsedMetrics } from '@ingest/metrics';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { connect, type Connections } from '@ingest/runtime';
import { cleanupTest, configToEnv, testConfig } from '@ingest/testing';
import { smallestGap, smallestGapUpperBound, startPoliteSite, type PoliteSite } from './polite-site.ts';
import { spawnService, type ServiceName, type ServiceProcess } from './service-process.ts';

const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const PAGES_PER_HOST = 12;
const DELAY_MS = 500;
const HOST_CONCURRENCY = 2;
// Slower than the delay × concurrency, so a broken concurrency limit would show as 3+ in flight.
const LATENCY_MS = 1_200;
// The fetchers keep the delay at the wire (the grant is checked as undici writes the request, and
// the next start is set from that moment), so what is left is this process's own timestamping: the
// sites share its event loop, and the correction below only sees stalls of more than 20 ms.
const ARRIVAL_TOLERANCE_MS = 100;
const STAGE_OF: Record<Exclude<ServiceName, 'api'>, string> = { fetcher: 'fetch', extractor: 'extract', indexer: 'index' };

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
    const deadline = performance.now() + 120_000;
    let idleReads = 0;
    while (idleReads < 2 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const s = await pipelineStatus(producer.queues, producer.stats);
      // Counters reach Redis up to STATS_FLUSH_MS after the job that moved them: wait for them too.
      idleReads = s.idle && (s.counters['index.done'] ?? 0) >= expectedDocs && (await producer.searchIndex.count()) >= expectedDocs ? idleReads + 1 : 0;
    }
    const elapsedS = (Date.now() - started) / 1000;
    const status = await pipelineStatus(producer.queues, producer.stats);
    expect(status.idle).toBe(true);

    // Work shared: both processes of every stage settled jobs.
    const scrapes = new Map<ServiceProcess, ParsedMetrics>();
    for (const p of procs) scrapes.set(p, await p.scrape());
    const perProcess: Record<string, number[]> = {};
    const meanJobMs: Record<string, number> = {};
    for (const [name, stage] of Object.entries(STAGE_OF)) {
      const mine = procs.filter((p) => p.name === name).map((p) => scrapes.get(p)!);
      const sum = mine.reduce((a, m) => a + sumOf(m, 'ingest_job_duration_seconds_sum', { stage }), 0);
      const count = mine.reduce((a, m) => a + sumOf(m, 'ingest_job_duration_seconds_count', { stage }), 0);
      meanJobMs[stage] = Math.round((sum / Math.max(1, count)) * 1000);
    }
    const outcomes: Record<string, Record<string, number>> = {};
    for (const p of procs) {
      const stage = STAGE_OF[p.name as keyof typeof STAGE_OF];
      const m = scrapes.get(p)!;
      (perProcess[p.name] ??= []).push(sumOf(m, 'ingest_jobs_total', { stage }));
      for (const sample of m.samples.filter((x) => x.name === 'ingest_jobs_total' && x.labels.stage === stage)) {
        const o = (outcomes[stage] ??= {});
        o[sample.labels.outcome!] = (o[sample.labels.outcome!] ?? 0) + sample.value;
      }
    }

    // Nothing twice: every page requested once, every document indexed once.
    const pageHits = sites.flatMap((s) => s.server.hits.filter((h) => h !== '/robots.txt'));
    const distinctPages = new Set(sites.flatMap((s) => s.server.hits.filter((h) => h !== '/robots.txt').map((h) => `${s.host}${h}`)));
    const indexed = await producer.searchIndex.count();
    const c = status.counters;
    const politeness = sites.map((s) => ({
      host: s.host,
      requests: s.starts.length,
      smallestArrivalGapMs: smallestGap(s.starts),
      smallestArrivalGapCorrectedMs: smallestGapUpperBound(s.arrivals),
      meanArrivalGapMs: Math.round((Math.max(...s.starts) - Math.min(...s.starts)) / (s.starts.length - 1)),
      fixtureLoopStallMs: Math.max(...s.arrivals.map((a) => a.at - a.earliest)),
      maxInFlight: s.maxInFlight,
    }));

    const figures = {
      elapsedS,
      processesPerStage: 2,
      jobsPerProcess: perProcess,
      // "error" includes fetch jobs handed back as rate-limited while their host was busy (delayed, not failed).
      outcomes,
      meanJobMs,
      pageRequests: pageHits.length,
      distinctPages: distinctPages.size,
      indexedDocuments: indexed,
      counters: { fetched: c['fetch.done'], extracted: c['extract.done'], indexed: c['index.done'], reprocessed: c['dedupe.pagesReprocessed'] ?? 0 },
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
    expect(outcomes.fetch!.done).toBe(HOSTS.length * (PAGES_PER_HOST + 1));
    // Template learning re-extracts some pages; an unchanged document is still indexed only once.
    expect(c['index.done']).toBe(expectedDocs);
    for (const p of politeness) {
      expect(p.smallestArrivalGapCorrectedMs, `${p.host} gap`).toBeGreaterThanOrEqual(DELAY_MS - ARRIVAL_TOLERANCE_MS);
      // Concurrency is exact at the site: a slot is held until the response has been read.
      expect(p.maxInFlight, `${p.host} in flight`).toBeLessThanOrEqual(HOST_CONCURRENCY);
    }
  }, 400_000);
});
