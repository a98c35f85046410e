import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { STAGES } from '@ingest/contracts';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { queueKeyPrefix } from '@ingest/queue';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { drained, startRedisCluster, testConfig, type RedisClusterNodes } from '@ingest/testing';
import type { Config } from '@ingest/config';

const SEED = '/news/central-asia-treading-carefully.html';

describe('the pipeline on a real 3-node Redis Cluster', () => {
  let dir: string;
  let cluster: RedisClusterNodes;
  let site: DemoSite;
  let config: Config;
  let proc: PipelineProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-cluster-'));
    cluster = await startRedisCluster(dir, 3);
    site = await startDemoSite();
    config = testConfig({ redisUrl: cluster.url, redisCluster: true });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'cluster' });
  }, 180_000);

  afterAll(async () => {
    // cleanupTest speaks to the shared standalone Redis; this test's keys go with its cluster.
    await proc?.conns.searchIndex.client.deleteIndexIfExists(config.meiliIndex).catch(() => {});
    await proc?.close();
    await site?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('crawls a site end to end, with its queues spread over more than one node', async () => {
    await enqueueUrls(proc!.conns.queues, new CrawlFrontier(proc!.conns.redis, proc!.conns.queues.prefix), { urls: [`${site.baseUrl}/`], crawl: { maxPages: 30, maxDepth: 2 } });
    await drained(proc!, 150_000);
    const res = await proc!.conns.searchIndex.search({ text: 'treading carefully Wagner mutiny' });
    expect(res.hits.map((h) => h.canonicalUrl)).toContain(`${site.baseUrl}${SEED}`);
    expect(await proc!.conns.searchIndex.count()).toBeGreaterThanOrEqual(5);

    // A command whose keys span slots fails with CROSSSLOT: it would surface as a job failure.
    const failures = await proc!.conns.stats.recentFailures(200);
    expect(failures.filter((f) => f.code === 'INTERNAL' || /CROSSSLOT|MOVED |ASK /.test(f.message))).toEqual([]);

    const perNode = await cluster.keysPerNode();
    const used = Object.values(perNode).filter((n) => n > 0);
    expect(used.length, JSON.stringify(perNode)).toBeGreaterThan(1);

    // Each queue sits in its own slot; the stack's shared state in one more.
    const probe = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      const slots = new Set<number>();
      for (const q of STAGES) slots.add(Number(await probe.cluster('KEYSLOT', `${queueKeyPrefix(config.queuePrefix, q)}:${q}:meta`)));
      expect(slots.size).toBe(STAGES.length);
      expect(slots.has(Number(await probe.cluster('KEYSLOT', `${config.queuePrefix}:stats`)))).toBe(false);
    } finally {
      probe.disconnect();
    }
  });
});
