// Indexing throughput of the pipeline's indexer path against a plain bulk import, then search
// latency, on one embedded Meilisearch started for the run.
// Usage: npm run bench:index -- [--docs 10000] [--batch 500] [--wait 250] [--in-flight 4] [--concurrency 2000] [--queries 300]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestDocument } from '../packages/contracts/src/index.ts';
import { Redis } from 'ioredis';
import { freePort, startMeilisearch, startRedisServer } from '../packages/embedded/src/index.ts';
import { DEFAULT_IN_FLIGHT, IndexBatcher, MeiliSearchIndex, RedisVersionGuard } from '../packages/search-index/src/index.ts';
import { argValue } from './lib/datasets.ts';
import { FACET_VALUES, rng, syntheticArticles, syntheticQueries } from './lib/synthetic-articles.ts';

const nDocs = Number(argValue('--docs') ?? 10_000);
// 500, not the pipeline's default INDEX_BATCH_SIZE of 200: larger Meilisearch tasks are what reach the bulk rate.
const batchSize = Number(argValue('--batch') ?? 500);
const waitMs = Number(argValue('--wait') ?? 250);
const inFlight = Number(argValue('--in-flight') ?? DEFAULT_IN_FLIGHT);
// The index worker runs this many jobs at once; it must exceed one batch for batches to overlap.
const concurrency = Number(argValue('--concurrency') ?? batchSize * inFlight);
const nQueries = Number(argValue('--queries') ?? 300);
const bulkBatch = 2_000;

/** Feeds documents like BullMQ does with `concurrency` jobs at once: each job awaits its own submit. */
async function feedLikeWorkers(batcher: IndexBatcher, docs: IngestDocument[], workers: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < docs.length) await batcher.submit(docs[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(workers, docs.length) }, worker));
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const t0 = performance.now();
const docs = syntheticArticles({ count: nDocs });
const bytes = docs.reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d)), 0);
console.log(`generated ${docs.length} documents (${(bytes / 1e6).toFixed(1)} MB JSON, ${(bytes / docs.length / 1024).toFixed(1)} KiB avg) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const dir = mkdtempSync(join(tmpdir(), 'bench-index-'));
const masterKey = randomBytes(16).toString('hex');
const meili = await startMeilisearch({ port: await freePort(), dbPath: join(dir, 'meili'), masterKey });
// The pipeline's guard keeps versions in Redis (claim + enqueue under a lock): measured with it.
const redisServer = await startRedisServer({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
const redis = new Redis(redisServer.url);
try {
  const pipelineIndex = new MeiliSearchIndex({ host: meili.url, apiKey: masterKey, uid: 'pipeline' });
  const bulkIndex = new MeiliSearchIndex({ host: meili.url, apiKey: masterKey, uid: 'bulk' });
  await pipelineIndex.ensureSettings();
  await bulkIndex.ensureSettings();

  // (b) first: the ceiling, every document in a few large addDocuments tasks.
  const bulkSeconds = await timed(async () => {
    const raw = bulkIndex.client.index('bulk');
    const tasks = [];
    for (let i = 0; i < docs.length; i += bulkBatch) {
      const chunk = docs.slice(i, i + bulkBatch).map((d) => ({ ...d, publishedYear: new Date(d.publishedAt!).getUTCFullYear() }));
      tasks.push(await raw.addDocuments(chunk, { primaryKey: 'id' }));
    }
    const done = await bulkIndex.client.tasks.waitForTasks(tasks, { timeout: 600_000, interval: 100 });
    const failed = done.find((t) => t.status !== 'succeeded');
    if (failed) throw new Error(`bulk task ${failed.uid} ${failed.status}: ${failed.error?.message ?? ''}`);
  });

  // (a) the indexer path: version-guarded upserts through the batcher, fed by concurrent jobs.
  let batches = 0;
  let guardMs = 0;
  const startUpsert = pipelineIndex.startUpsert.bind(pipelineIndex);
  pipelineIndex.startUpsert = async (...args) => {
    const t = performance.now();
    try {
      return await startUpsert(...args);
    } finally {
      guardMs += performance.now() - t;
    }
  };
  const pipelineSeconds = await timed(async () => {
    const guard = new RedisVersionGuard(redis, '{bench}');
    const batcher = new IndexBatcher(pipelineIndex, { maxSize: batchSize, maxWaitMs: waitMs, maxInFlight: inFlight, onBatch: () => batches++, guard });
    await feedLikeWorkers(batcher, docs, concurrency);
    await batcher.flush();
  });

  const [nPipeline, nBulk] = [await pipelineIndex.count(), await bulkIndex.count()];
  if (nPipeline !== nBulk || nPipeline !== docs.length) throw new Error(`document counts differ: pipeline ${nPipeline}, bulk ${nBulk}, generated ${docs.length}`);

  const pipelineRate = docs.length / pipelineSeconds;
  const bulkRate = docs.length / bulkSeconds;
  console.log(`\nindexing ${docs.length} documents (batch ${batchSize}, window ${waitMs} ms, ${inFlight} batches in flight, ${concurrency} concurrent jobs)`);
  console.log('path                                   seconds     docs/s');
  console.log(
    `(a) pipeline: IndexBatcher + guard ${pipelineSeconds.toFixed(1).padStart(10)} ${pipelineRate.toFixed(0).padStart(10)}   (${batches} batches; version check + upload ${(guardMs / 1000).toFixed(1)} s)`,
  );
  console.log(`(b) bulk: addDocuments x${bulkBatch}      ${bulkSeconds.toFixed(1).padStart(10)} ${bulkRate.toFixed(0).padStart(10)}`);
  console.log(`ratio (a)/(b): ${(pipelineRate / bulkRate).toFixed(2)}  (target >= 0.80)`);

  // Search latency over varied queries with facets, filters and sorts, as the UI sends them.
  const r = rng(11);
  const queries = syntheticQueries(nQueries);
  const latencies: number[] = [];
  const engine: number[] = [];
  for (const [i, q] of queries.entries()) {
    const filter: string[] = [];
    if (r() < 0.3) filter.push(`language = ${FACET_VALUES.languages[Math.floor(r() * FACET_VALUES.languages.length)]}`);
    if (r() < 0.3) filter.push(`site = "${FACET_VALUES.sites[Math.floor(r() * FACET_VALUES.sites.length)]}"`);
    if (r() < 0.3) filter.push(`publishedTs >= ${Math.floor(Date.parse(`${2016 + Math.floor(r() * 9)}-01-01`) / 1000)}`);
    const t = performance.now();
    // The search UI's query (packages/search-ui/public/meili.js): card fields and a cropped, highlighted body.
    const res = await pipelineIndex.search(q, {
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
  console.log(`\nsearch over ${docs.length} documents: ${queries.length} queries (facets on 5 attributes, ~60% with filters, 25% sorted by date)`);
  console.log('latency          p50 ms    p95 ms    max ms');
  console.log(`round trip   ${percentile(latencies, 50).toFixed(1).padStart(9)} ${percentile(latencies, 95).toFixed(1).padStart(9)} ${latencies.at(-1)!.toFixed(1).padStart(9)}`);
  console.log(`engine       ${percentile(engine, 50).toFixed(1).padStart(9)} ${percentile(engine, 95).toFixed(1).padStart(9)} ${engine.at(-1)!.toFixed(1).padStart(9)}`);
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  redis.disconnect();
  await redisServer.stop();
  await meili.stop();
  rmSync(dir, { recursive: true, force: true });
}
