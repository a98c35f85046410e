// Indexing cost and throughput of the pipeline's indexer path with the earlier index settings and
// batching against the current ones, each on its own embedded Meilisearch in the same run
// (alternating over rounds), then the current path against a plain bulk import, then search
// latency with both settings.
// A second phase feeds more documents at the rate the whole pipeline delivers them (--rate, about
// what bench:pipeline reaches), where tasks are small and Meilisearch's cost per task dominates.
// Usage: npm run bench:index -- [--docs 10000] [--batch 500] [--wait 250] [--rounds 1] [--queries 300] [--rate 300] [--rate-docs 3000]
//          [--flags "--max-indexing-threads 1"] [--in-flight 2] [--skip-attribution] [--skip-bulk]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from 'meilisearch';
import type { IngestDocument } from '../packages/contracts/src/index.ts';
import { Redis } from 'ioredis';
import { EMBEDDED_MEILI_FLAGS, freePort, startMeilisearch, startRedisServer, type RunningService } from '../packages/embedded/src/index.ts';
import { DEFAULT_IN_FLIGHT, INDEX_SETTINGS, indexSettings, IndexBatcher, MeiliSearchIndex, RedisVersionGuard } from '../packages/search-index/src/index.ts';
import { argValue } from './lib/datasets.ts';
import { cpuSeconds } from './lib/proc-stats.ts';
import { FACET_VALUES, rng, syntheticArticles, syntheticQueries } from './lib/synthetic-articles.ts';

const nDocs = Number(argValue('--docs') ?? 10_000);
const batchSize = Number(argValue('--batch') ?? 500);
const waitMs = Number(argValue('--wait') ?? 250);
const rounds = Number(argValue('--rounds') ?? 1);
const nQueries = Number(argValue('--queries') ?? 300);
const flagsArg = argValue('--flags');
const newFlags = flagsArg === undefined ? EMBEDDED_MEILI_FLAGS : flagsArg.split(' ').filter(Boolean);
const newInFlight = Number(argValue('--in-flight') ?? DEFAULT_IN_FLIGHT);
const rate = Number(argValue('--rate') ?? 300);
const rateDocs = Number(argValue('--rate-docs') ?? 3_000);
const bulkBatch = 2_000;

/** The settings before the indexing-cost work (kept here to measure against). */
const facetSearchable = (...attributePatterns: string[]) => ({ attributePatterns, features: { facetSearch: true, filter: { equality: true, comparison: false } } });
const equality = (...attributePatterns: string[]) => ({ attributePatterns, features: { facetSearch: false, filter: { equality: true, comparison: false } } });
const ranged = (...attributePatterns: string[]) => ({ attributePatterns, features: { facetSearch: false, filter: { equality: true, comparison: true } } });
const EARLIER_SETTINGS: Settings = {
  ...INDEX_SETTINGS,
  filterableAttributes: [
    facetSearchable('site', 'siteName', 'authors', 'section', 'language', 'tags', 'entities.people', 'entities.organizations', 'entities.places'),
    ranged('publishedTs', 'publishedYear', 'version'),
    equality('id', 'url', 'canonicalUrl', 'clusterId'),
    equality('accessibleForFree', 'nosnippet'),
    ranged('extractionConfidence'),
  ],
  sortableAttributes: ['publishedTs', 'fetchedAt'],
  proximityPrecision: 'byWord',
  facetSearch: true,
};

interface Variant {
  name: string;
  settings: Settings;
  flags: readonly string[];
  inFlight: number;
  fillWhileBusy: boolean;
}
const variants: Variant[] = [
  { name: 'before: earlier settings, 8 in flight', settings: EARLIER_SETTINGS, flags: [], inFlight: 8, fillWhileBusy: false },
  ...(process.argv.includes('--skip-attribution') ? [] : [{ name: 'new settings, 8 in flight', settings: INDEX_SETTINGS, flags: [], inFlight: 8, fillWhileBusy: false }]),
  ...(process.argv.includes('--skip-attribution') ? [] : [{ name: 'SEARCH_PROXIMITY=attribute, 8 in flight', settings: indexSettings('attribute'), flags: [], inFlight: 8, fillWhileBusy: false }]),
  { name: `after: new settings, ${newInFlight} in flight${newFlags.length ? `, ${newFlags.join(' ')}` : ''}`, settings: INDEX_SETTINGS, flags: newFlags, inFlight: newInFlight, fillWhileBusy: true },
];

/**
 * Feeds documents like BullMQ does with `workers` jobs at once: each job awaits its own submit.
 * Returns the most submits that were pending at once (jobs a kill would stall).
 */
async function feedLikeWorkers(batcher: IndexBatcher, docs: IngestDocument[], workers: number): Promise<number> {
  let next = 0;
  let held = 0;
  let maxHeld = 0;
  const worker = async () => {
    while (next < docs.length) {
      held++;
      maxHeld = Math.max(maxHeld, held);
      await batcher.submit(docs[next++]!);
      held--;
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, docs.length) }, worker));
  return maxHeld;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Measured {
  seconds: number;
  meiliCpuS: number;
  nodeCpuS: number;
  batches: number;
  held: number;
}

const t0 = performance.now();
const corpus = syntheticArticles({ count: nDocs + rateDocs });
const docs = corpus.slice(0, nDocs);
const laterDocs = corpus.slice(nDocs);
const bytes = docs.reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d)), 0);
console.log(`generated ${docs.length} documents (${(bytes / 1e6).toFixed(1)} MB JSON, ${(bytes / docs.length / 1024).toFixed(1)} KiB avg) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const dir = mkdtempSync(join(tmpdir(), 'bench-index-'));
const masterKey = randomBytes(16).toString('hex');
// The pipeline's guard keeps versions in Redis (claim + enqueue under a lock): measured with it.
const redisServer = await startRedisServer({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
const redis = new Redis(redisServer.url);
const engines: RunningService[] = [];
const lastIndex = new Map<string, { index: MeiliSearchIndex; pid: number; prefix: string }>();

/** One variant on a fresh Meilisearch: the indexer path (version guard + batcher) over every document. */
async function measure(v: Variant, round: number, vi: number): Promise<Measured> {
  const meili = await startMeilisearch({ port: await freePort(), dbPath: join(dir, `meili-${round}-${vi}`), masterKey, flags: v.flags });
  engines.push(meili);
  const index = new MeiliSearchIndex({ host: meili.url, apiKey: masterKey, uid: 'documents', settings: v.settings });
  await index.ensureSettings();
  let batches = 0;
  const batcher = new IndexBatcher(index, {
    maxSize: batchSize,
    maxWaitMs: waitMs,
    maxInFlight: v.inFlight,
    onBatch: () => batches++,
    guard: new RedisVersionGuard(redis, `{bench-${round}-${vi}}`),
    fillWhileBusy: v.fillWhileBusy,
  });
  const pid = meili.child!.pid!;
  const meiliCpu0 = cpuSeconds(pid) ?? 0;
  const nodeCpu0 = process.cpuUsage();
  const started = performance.now();
  // The index worker's concurrency (packages/pipeline/src/workers.ts): one batch per batch in flight.
  const held = await feedLikeWorkers(batcher, docs, batchSize * v.inFlight);
  await batcher.flush();
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeCpu0);
  const count = await index.count();
  if (count !== docs.length) throw new Error(`${v.name}: ${count} documents indexed of ${docs.length}`);
  lastIndex.set(v.name, { index, pid, prefix: `{bench-${round}-${vi}}` });
  return { seconds, meiliCpuS: (cpuSeconds(pid) ?? meiliCpu0) - meiliCpu0, nodeCpuS: (node.user + node.system) / 1e6, batches, held };
}

try {
  const results = new Map<string, Measured[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so a load change on the shared machine does not favour one side.
    const order = round % 2 === 0 ? variants.map((v, i) => [v, i] as const) : variants.map((v, i) => [v, i] as const).reverse();
    for (const [v, vi] of order) {
      const m = await measure(v, round, vi);
      results.get(v.name)!.push(m);
      // Only the newest engine of each variant stays up (for the search comparison); stop the rest.
      for (const e of engines.splice(0, engines.length - variants.length)) await e.stop();
    }
  }

  console.log(`\nindexing ${docs.length} documents through IndexBatcher + version guard (batch ${batchSize}, window ${waitMs} ms), ${rounds} round(s), medians`);
  console.log('variant                                               docs/s  Meili CPU ms/doc  indexer CPU ms/doc  jobs held  batches');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = new Map<string, { rate: number; meiliMs: number }>();
  for (const v of variants) {
    const ms = results.get(v.name)!;
    const rate = median(ms.map((m) => docs.length / m.seconds));
    const meiliMs = median(ms.map((m) => (m.meiliCpuS * 1000) / docs.length));
    const nodeMs = median(ms.map((m) => (m.nodeCpuS * 1000) / docs.length));
    summary.set(v.name, { rate, meiliMs });
    console.log(
      `${v.name.padEnd(50)} ${rate.toFixed(0).padStart(8)} ${meiliMs.toFixed(2).padStart(17)} ${nodeMs.toFixed(2).padStart(19)} ${String(ms[0]!.held).padStart(10)} ${String(ms[0]!.batches).padStart(8)}`,
    );
  }
  const before = summary.get(variants[0]!.name)!;
  const after = summary.get(variants.at(-1)!.name)!;
  console.log(
    `after/before: docs/s ${(after.rate / before.rate).toFixed(2)}x, Meilisearch CPU per doc ${(after.meiliMs / before.meiliMs).toFixed(2)}x, jobs held ${(results.get(variants.at(-1)!.name)![0]!.held / results.get(variants[0]!.name)![0]!.held).toFixed(2)}x`,
  );

  // Documents arriving at the pipeline's rate, on the indexes filled above: small tasks, where the
  // cost per task (growing with the index) is most of the cost. Latency is submit to indexed.
  if (rateDocs > 0) {
    console.log(`\n${laterDocs.length} more documents arriving at ${rate}/s onto those ${docs.length}-document indexes`);
    console.log('variant                                           Meili CPU ms/doc  tasks  docs/task  latency p50 ms  p95 ms  jobs held');
    const paced: Record<string, number> = {};
    for (const v of [variants[0]!, variants.at(-1)!]) {
      const { index, pid, prefix } = lastIndex.get(v.name)!;
      let batches = 0;
      const batcher = new IndexBatcher(index, {
        maxSize: batchSize,
        maxWaitMs: waitMs,
        maxInFlight: v.inFlight,
        onBatch: () => batches++,
        guard: new RedisVersionGuard(redis, prefix),
        fillWhileBusy: v.fillWhileBusy,
      });
      const limit = batchSize * v.inFlight;
      const cpu0 = cpuSeconds(pid) ?? 0;
      const started = performance.now();
      const latencies: number[] = [];
      const jobs: Promise<void>[] = [];
      let held = 0;
      let maxHeld = 0;
      let freed: (() => void) | null = null;
      for (const [i, doc] of laterDocs.entries()) {
        const due = started + (i * 1000) / rate;
        const ahead = due - performance.now();
        if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
        // A worker at its concurrency takes no more jobs until one completes.
        while (held >= limit) await new Promise<void>((r) => (freed = r));
        held++;
        maxHeld = Math.max(maxHeld, held);
        const t = performance.now();
        jobs.push(
          batcher.submit(doc).then(() => {
            latencies.push(performance.now() - t);
            held--;
            freed?.();
          }),
        );
      }
      await Promise.all(jobs);
      await batcher.flush();
      const meiliMs = (((cpuSeconds(pid) ?? cpu0) - cpu0) * 1000) / laterDocs.length;
      paced[v.name] = meiliMs;
      latencies.sort((a, b) => a - b);
      console.log(
        `${v.name.padEnd(50)} ${meiliMs.toFixed(2).padStart(16)} ${String(batches).padStart(6)} ${(laterDocs.length / batches).toFixed(0).padStart(10)} ${percentile(latencies, 50).toFixed(0).padStart(15)} ${percentile(latencies, 95).toFixed(0).padStart(7)} ${String(maxHeld).padStart(10)}`,
      );
    }
    console.log(`after/before at ${rate}/s: Meilisearch CPU per doc ${(paced[variants.at(-1)!.name]! / paced[variants[0]!.name]!).toFixed(2)}x`);
  }

  const afterIndex = lastIndex.get(variants.at(-1)!.name)!.index;
  if (!process.argv.includes('--skip-bulk')) {
    // The ceiling on the same engine and settings: every document in a few large addDocuments tasks.
    const bulk = afterIndex.withName('bulk');
    await bulk.ensureSettings();
    const started = performance.now();
    const raw = bulk.client.index('bulk');
    const tasks = [];
    for (let i = 0; i < docs.length; i += bulkBatch) {
      const chunk = docs.slice(i, i + bulkBatch).map((d) => ({ ...d, publishedYear: new Date(d.publishedAt!).getUTCFullYear() }));
      tasks.push(await raw.addDocuments(chunk, { primaryKey: 'id' }));
    }
    const done = await bulk.client.tasks.waitForTasks(tasks, { timeout: 600_000, interval: 100 });
    const failed = done.find((t) => t.status !== 'succeeded');
    if (failed) throw new Error(`bulk task ${failed.uid} ${failed.status}: ${failed.error?.message ?? ''}`);
    const bulkRate = docs.length / ((performance.now() - started) / 1000);
    console.log(
      `bulk import (addDocuments x${bulkBatch}, new settings): ${bulkRate.toFixed(0)} docs/s; after/bulk ${(after.rate / bulkRate).toFixed(2)} (measured after the pipeline runs, on an index of the same size)`,
    );
  }

  // Search latency over varied queries with facets, filters and sorts, as the UI sends them.
  const queries = syntheticQueries(nQueries);
  console.log(`\nsearch over ${docs.length} documents: ${queries.length} queries (facets on 5 attributes, ~60% with filters, 25% sorted by date)`);
  console.log('settings   latency       p50 ms    p95 ms    max ms');
  for (const v of [variants[0]!, variants.at(-1)!]) {
    const { index } = lastIndex.get(v.name)!;
    const r = rng(11);
    const latencies: number[] = [];
    const engine: number[] = [];
    for (const [i, q] of queries.entries()) {
      const filter: string[] = [];
      if (r() < 0.3) filter.push(`language = ${FACET_VALUES.languages[Math.floor(r() * FACET_VALUES.languages.length)]}`);
      if (r() < 0.3) filter.push(`site = "${FACET_VALUES.sites[Math.floor(r() * FACET_VALUES.sites.length)]}"`);
      if (r() < 0.3) filter.push(`publishedTs >= ${Math.floor(Date.parse(`${2016 + Math.floor(r() * 9)}-01-01`) / 1000)}`);
      const t = performance.now();
      // The search UI's query (packages/search-ui/public/meili.js): card fields and a cropped, highlighted body.
      const res = await index.client.index(index.uid).search(q, {
        limit: 20,
        filter,
        facets: ['site', 'authors', 'section', 'language', 'publishedYear'],
        attributesToRetrieve: ['id', 'title', 'url', 'canonicalUrl', 'site', 'siteName', 'authors', 'publishedAt', 'language', 'section', 'description', 'clusterId', 'readingTimeMinutes', 'image'],
        attributesToHighlight: ['title', 'description', 'body'],
        attributesToCrop: ['body:36'],
        ...(i % 4 === 0 ? { sort: ['publishedTs:desc'] } : {}),
      });
      latencies.push(performance.now() - t);
      engine.push(res.processingTimeMs);
    }
    latencies.sort((a, b) => a - b);
    engine.sort((a, b) => a - b);
    const label = v === variants[0] ? 'before' : 'after ';
    console.log(`${label}     round trip ${percentile(latencies, 50).toFixed(1).padStart(9)} ${percentile(latencies, 95).toFixed(1).padStart(9)} ${latencies.at(-1)!.toFixed(1).padStart(9)}`);
    console.log(`${label}     engine     ${percentile(engine, 50).toFixed(1).padStart(9)} ${percentile(engine, 95).toFixed(1).padStart(9)} ${engine.at(-1)!.toFixed(1).padStart(9)}`);
  }
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  redis.disconnect();
  await redisServer.stop();
  for (const e of engines) await e.stop();
  rmSync(dir, { recursive: true, force: true });
}
