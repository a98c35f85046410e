import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { STAGES, WEBHOOK_QUEUE, type WebhookEvent } from '@ingest/contracts';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { parseCidrList } from '@ingest/net-guard';
import { createRedis, jobKey, queueKeyPrefix } from '@ingest/queue';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { drained, startRedisCluster, testConfig, type RedisClusterNodes } from '@ingest/testing';
import type { Config } from '@ingest/config';
import { startDeliveryWorker, WebhookRegistry, type DeliveryWorker } from '@ingest/webhooks';

const SEED = '/news/central-asia-treading-carefully.html';

/**
 * A random stack prefix whose shared-state slot and fetch-queue slot are owned by different
 * nodes. A random prefix alone puts every slot that holds keys after a drained crawl on one node
 * now and then (the test saw {0, 0, 87}), and then "spread over more than one node" says nothing.
 */
async function prefixOnTwoNodes(ports: number[]): Promise<string> {
  const probe = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  try {
    const ranges = await probe.cluster('SLOTS');
    const owner = async (key: string) => {
      const slot = Number(await probe.cluster('KEYSLOT', key));
      return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
    };
    for (;;) {
      const prefix = `{t${randomBytes(5).toString('hex')}}`;
      if ((await owner(`${prefix}:stats`)) !== (await owner(`${queueKeyPrefix(prefix, 'fetch')}:fetch:meta`))) return prefix;
    }
  } finally {
    probe.disconnect();
  }
}

describe('the pipeline on a real 3-node Redis Cluster', () => {
  let dir: string;
  let cluster: RedisClusterNodes;
  let site: DemoSite;
  let config: Config;
  let proc: PipelineProcess | undefined;
  let receiver: Server | undefined;
  let delivery: DeliveryWorker | undefined;
  let deliveryRedis: ReturnType<typeof createRedis> | undefined;
  const received: WebhookEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-cluster-'));
    cluster = await startRedisCluster(dir, 3);
    site = await startDemoSite();
    config = testConfig({ redisUrl: cluster.url, redisCluster: true, queuePrefix: await prefixOnTwoNodes(cluster.ports) });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'cluster' });
  }, 180_000);

  afterAll(async () => {
    // cleanupTest speaks to the shared standalone Redis; this test's keys go with its cluster.
    await proc?.conns.searchIndex.client.deleteIndexIfExists(config.meiliIndex).catch(() => {});
    await delivery?.close();
    deliveryRedis?.disconnect();
    await proc?.close();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
    await site?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('crawls a site end to end, with its queues spread over more than one node', async () => {
    // A webhook receiver, subscribed before the crawl: every indexed page is delivered through the
    // webhook queue, whose keys have their own slot.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const allow = parseCidrList('127.0.0.0/8');
    const registry = new WebhookRegistry(proc!.conns.redis, config.queuePrefix);
    const sub = await registry.add({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['document.indexed'] }, { allow });
    deliveryRedis = createRedis(config.redisUrl, 'worker', { cluster: true });
    delivery = startDeliveryWorker({ connection: deliveryRedis, prefix: config.queuePrefix, registry, allowNetworks: '127.0.0.0/8', timeoutMs: 5_000, log: createLogger({ level: 'silent' }) });

    await enqueueUrls(proc!.conns.queues, new CrawlFrontier(proc!.conns.redis, proc!.conns.queues.prefix), { urls: [`${site.baseUrl}/`], crawl: { maxPages: 30, maxDepth: 2 } });
    await drained(proc!, 150_000);
    const res = await proc!.conns.searchIndex.search({ text: 'treading carefully Wagner mutiny' });
    expect(res.hits.map((h) => h.canonicalUrl)).toContain(`${site.baseUrl}${SEED}`);
    const docs = await proc!.conns.searchIndex.count();
    expect(docs).toBeGreaterThanOrEqual(5);

    // One delivery per indexed page, each recorded as delivered at the first attempt.
    const deadline = performance.now() + 30_000;
    while (received.length < docs && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(docs);
    expect(new Set(received.map((e) => e.type))).toEqual(new Set(['document.indexed']));
    const log = await registry.deliveries({ subscriptionId: sub.id, limit: 1000 });
    expect(log.map((d) => `${d.outcome}/${d.attempt}`)).toEqual(log.map(() => 'delivered/1'));
    // The delivery jobs are where their own hash tag puts them.
    expect(await proc!.conns.redis.exists(jobKey(config.queuePrefix, WEBHOOK_QUEUE, log[0]!.deliveryId))).toBe(1);

    // A command whose keys span slots fails with CROSSSLOT: it would surface as a job failure.
    const failures = await proc!.conns.stats.recentFailures(200);
    expect(failures.filter((f) => f.code === 'INTERNAL' || /CROSSSLOT|MOVED |ASK /.test(f.message))).toEqual([]);

    const perNode = await cluster.keysPerNode();
    const used = Object.values(perNode).filter((n) => n > 0);
    expect(used.length, JSON.stringify(perNode)).toBeGreaterThan(1);

    // Each queue (webhook deliveries too) sits in its own slot; the stack's shared state in one more.
    const probe = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      const slots = new Set<number>();
      const queues = [...STAGES, WEBHOOK_QUEUE];
      for (const q of queues) slots.add(Number(await probe.cluster('KEYSLOT', `${queueKeyPrefix(config.queuePrefix, q)}:${q}:meta`)));
      expect(slots.size).toBe(queues.length);
      expect(slots.has(Number(await probe.cluster('KEYSLOT', `${config.queuePrefix}:stats`)))).toBe(false);
    } finally {
      probe.disconnect();
    }
  });
});
