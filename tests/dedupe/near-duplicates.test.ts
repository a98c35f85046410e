import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import type { IndexedDocument } from '@ingest/search-index';
import { cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import type { Config } from '@ingest/config';
import { ARTICLE, OTHER_ARTICLE, originRoutes, partnerRoutes } from './fixtures/syndication.ts';
import { PIPELINE_STAGES, drained } from './drain.ts';

describe('near-duplicate clusters through the pipeline', () => {
  let origin: FixtureServer;
  let partner: FixtureServer;
  let config: Config;
  let proc: PipelineProcess;
  const byUrl = new Map<string, IndexedDocument>();
  let copies: string[];

  beforeAll(async () => {
    origin = await startFixtureServer(originRoutes());
    partner = await startFixtureServer(partnerRoutes(), '127.0.0.2');
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: PIPELINE_STAGES, api: false, service: 'dedupe-clusters' });
    copies = [`${origin.baseUrl}/a`, `${origin.baseUrl}/a?print=1`, `${origin.baseUrl}/amp/a`, `${partner.baseUrl}/news/lerwick-pier`];
    // The web copy first, as a publisher's own page usually is: the cluster's founding member is
    // whichever copy is clustered first, and with all four at once that was up to scheduling (the
    // partner copy's prefixed title then out-ranks nothing and search shows another member).
    const frontier = new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix);
    await enqueueUrls(proc.conns.queues, frontier, { urls: [copies[0]!] });
    await drained(proc);
    await enqueueUrls(proc.conns.queues, frontier, { urls: [...copies.slice(1), `${origin.baseUrl}/b`] });
    await drained(proc);
    for await (const d of proc.conns.searchIndex.allDocuments()) byUrl.set(d.url, d);
  }, 120_000);

  afterAll(async () => {
    await proc?.close();
    await origin?.close();
    await partner?.close();
    if (config) await cleanupTest(config);
  });

  it('indexes every copy with the whole article text', () => {
    for (const url of copies) {
      const doc = byUrl.get(url);
      expect(doc, url).toBeDefined();
      expect(doc!.body).toContain(ARTICLE[0]);
    }
  });

  it('gives the web, print, AMP and syndicated copies one cluster and the other article its own', () => {
    const clusters = new Set(copies.map((u) => byUrl.get(u)!.clusterId));
    expect(clusters.size).toBe(1);
    expect(byUrl.get(`${origin.baseUrl}/b`)!.clusterId).not.toBe([...clusters][0]);
  });

  it('shows one member of the cluster in search, and all of them when filtered by cluster', async () => {
    const clusterId = byUrl.get(copies[0]!)!.clusterId;
    const res = await proc.conns.searchIndex.search({ text: 'Lerwick ferry pier rebuilt' });
    expect(res.hits.filter((h) => h.clusterId === clusterId)).toHaveLength(1);
    const all = await proc.conns.searchIndex.client.index<IndexedDocument>(config.meiliIndex).getDocuments({ filter: `clusterId = ${JSON.stringify(clusterId)}`, limit: 20 });
    expect(all.results.map((d) => d.url).sort()).toEqual([...copies].sort());
    // The founding member is the one search shows.
    expect(all.results.filter((d) => d.clusterRank === 0)).toHaveLength(1);
    expect(res.hits.find((h) => h.clusterId === clusterId)!.clusterRank).toBe(0);
    // Searching inside a cluster: a per-query distinct on the unique id lifts the collapse.
    const inCluster = await proc.conns.searchIndex.search({ filters: [{ field: 'clusterId', op: 'eq', value: clusterId }], allClusterMembers: true, limit: 20 });
    expect(inCluster.hits).toHaveLength(copies.length);
    const other = await proc.conns.searchIndex.search({ text: 'night bus Kirkwall Stromness' });
    expect(other.hits[0]?.body).toContain(OTHER_ARTICLE[0]);
  });

  it('counts the three copies that joined the first one', async () => {
    const c = await proc.conns.stats.counts();
    console.log(`dedupe figures (syndication): ${JSON.stringify({ documents: byUrl.size, clustered: c['dedupe.clustered'] ?? 0 })}`);
    expect(c['dedupe.clustered']).toBe(copies.length - 1);
  });
});
