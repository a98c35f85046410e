import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { documentKey } from '@ingest/archive';
import type { IngestDocument } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { jobId } from '@ingest/queue';
import { connect, startPipelineProcess, type Connections, type PipelineProcess } from '@ingest/runtime';
import { guardKeys } from '@ingest/search-index';
import { articlePage, cleanupTest, configToEnv, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { testDoc } from '../../packages/search-index/test/docs.ts';
import { spawnService, type ServiceProcess } from '../scale-out/service-process.ts';
import { failedJobs, waitFor } from './helpers.ts';

const DOCS = 40;
const OLD = 1_750_000_000_000;
const NEW = OLD + 60_000;

function version(id: string, v: number): IngestDocument {
  return testDoc(id, { version: v, body: `Body of story ${id}, ${v === NEW ? 'newer' : 'older'} version.`, contentDigest: createHash('sha256').update(`${id}:${v}`).digest('hex') });
}

describe('two indexer processes racing two versions of the same documents', () => {
  // Small batches: many batches per process, so both versions of a document often land in
  // batches of different processes at nearly the same time.
  const config = testConfig({ indexBatchSize: 5, indexBatchWaitMs: 20 });
  const indexers: ServiceProcess[] = [];
  let producer: Connections | undefined;

  afterAll(async () => {
    await Promise.allSettled(indexers.map((s) => s.stop()));
    await producer?.close();
    await cleanupTest(config);
  });

  it('always ends at the newer version', async () => {
    const env = { ...configToEnv(config), LOG_LEVEL: 'info' };
    indexers.push(...(await Promise.all([spawnService('indexer', env), spawnService('indexer', env)])));
    producer = await connect(config, createLogger({ level: 'silent' }), 'producer');
    await producer.archive.ensureReady();
    const ids = Array.from({ length: DOCS }, (_, i) => `race-${i}`);
    const jobs: { doc: IngestDocument; key: string }[] = [];
    for (const id of ids) {
      for (const v of [OLD, NEW]) {
        const doc = version(id, v);
        const key = documentKey(id, doc.contentDigest);
        await producer.archive.putJson(key, doc);
        jobs.push({ doc, key });
      }
    }
    // Older first for half the documents, newer first for the other half.
    const order = jobs.map((j, i) => ({ j, k: Math.floor(i / 2) * 2 + ((Math.floor(i / 2) % 2 === 0) === (j.doc.version === OLD) ? 0 : 1) })).sort((a, b) => a.k - b.k);
    await Promise.all(
      order.map(({ j }) =>
        producer!.queues.add(
          'index',
          { op: 'upsert', docId: j.doc.id, documentKey: j.key, contentDigest: j.doc.contentDigest, version: j.doc.version },
          jobId('index', j.doc.id, j.doc.contentDigest.slice(0, 32)),
        ),
      ),
    );
    await waitFor('every index job settled', async () => {
      const c = await producer!.queues.queues.index.getJobCounts('completed');
      return c.completed === DOCS * 2;
    });
    expect(await failedJobs(producer.queues)).toEqual([]);
    const docs = await producer.searchIndex.search({ filters: [{ field: 'id', op: 'in', values: ids }], limit: 100, fields: ['id', 'version'] });
    expect(docs.hits.length).toBe(DOCS);
    expect(docs.hits.filter((d) => d.version !== NEW).map((d) => d.id)).toEqual([]);
  }, 300_000);
});

describe('a stale document in the index', () => {
  const config = testConfig();
  let site: FixtureServer | undefined;
  let proc: PipelineProcess | undefined;

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('is repaired by a recrawl of the unchanged page, and a correct one is left alone', async () => {
    const paragraphs = [
      'The river authority opened the new flood barrier on Monday after four years of work on both banks of the estuary near the old ferry landing.',
      'Engineers said the gates can close in under ten minutes and will protect more than two thousand homes from the highest spring tides of the decade.',
      'Residents who had campaigned for the barrier since the floods of the last winter gathered on the embankment to watch the first test closing.',
    ];
    site = await startFixtureServer({ '/barrier.html': (_req, res) => html(res, articlePage('Flood barrier opens on the estuary', paragraphs)) });
    const url = `${site.baseUrl}/barrier.html`;
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch', 'extract', 'index'], api: false, service: 'repair' });
    const p = proc;
    const crawl = () => enqueueUrls(p.conns.queues, new CrawlFrontier(p.conns.redis, p.conns.queues.prefix), { urls: [url], crawl: { maxPages: 1, maxDepth: 0 } });
    const indexed = async () => (await p.conns.searchIndex.search({ limit: 1 })).hits[0];

    await crawl();
    const fresh = await waitFor('the page indexed', indexed);
    await drained(p);

    // What a lost race leaves behind (before the guard): an older copy indexed over the newer
    // one, and no record of what is indexed.
    const stale = { ...fresh, version: fresh.version - 1, title: 'Stale headline', contentDigest: 'f'.repeat(64) };
    const raw = p.conns.searchIndex.client.index(config.meiliIndex);
    await raw.addDocuments([stale], { primaryKey: 'id' }).waitTask({ timeout: 60_000 });
    await p.conns.redis.hdel(guardKeys(config.queuePrefix).indexed, fresh.id);
    expect((await indexed())?.title).toBe('Stale headline');

    await crawl();
    const repaired = await waitFor('the stale document replaced', async () => {
      const d = await indexed();
      return d && d.title !== 'Stale headline' ? d : undefined;
    });
    expect(repaired.contentDigest).toBe(fresh.contentDigest);
    // Re-extracted from the archive (the document travels on the index job, not in S3): the
    // repairing fetch's time is the version.
    expect(repaired.version).toBeGreaterThanOrEqual(fresh.version);
    await drained(p);
    const before = await p.conns.stats.counts();

    // Now indexed as fetched: a recrawl is "unchanged" and indexes nothing.
    await crawl();
    await waitFor('the third fetch settled', async () => ((await p.conns.stats.counts())['fetch.unchanged'] ?? 0) > (before['fetch.unchanged'] ?? 0));
    await drained(p);
    const after = await p.conns.stats.counts();
    expect(after['index.done']).toBe(before['index.done']);
    expect(await failedJobs(p.conns.queues)).toEqual([]);
  }, 300_000);
});
