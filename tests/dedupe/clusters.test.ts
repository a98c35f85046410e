import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { NearDuplicateClusters, rootClusterId } from '@ingest/dedupe';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

const para = (topic: string, i: number) => `Paragraph ${i} about ${topic}: officials said the ${topic} project would need ${i + 3} more months and a budget review before work resumes.`;
const article = (topic: string) => Array.from({ length: 10 }, (_, i) => para(topic, i)).join('\n\n');

describe('near-duplicate clusters in Redis', () => {
  let config: Config;
  let redis: Redis;
  let clusters: NearDuplicateClusters;

  beforeAll(() => {
    config = testConfig();
    redis = new Redis(config.redisUrl);
    clusters = new NearDuplicateClusters(redis, config.queuePrefix);
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanupTest(config);
  });

  it('puts exact and light-edit copies in the first document’s cluster and keeps others apart', async () => {
    const a = await clusters.assign('doc-a', article('ferry'), { countJoin: true });
    expect(a).toMatchObject({ clusterId: rootClusterId('doc-a'), joined: false, newlyJoined: false });
    const exact = await clusters.assign('doc-b', article('ferry'), { countJoin: true });
    const edited = await clusters.assign('doc-c', `${article('ferry').replace('Paragraph 4 about', 'In paragraph four, about')}\n\nThis story first appeared elsewhere.`, { countJoin: true });
    const other = await clusters.assign('doc-d', article('metro'), { countJoin: true });
    expect(exact).toMatchObject({ clusterId: a.clusterId, joined: true, newlyJoined: true });
    expect(edited).toMatchObject({ clusterId: a.clusterId, joined: true, newlyJoined: true });
    expect(other.clusterId).toBe(rootClusterId('doc-d'));
  });

  it('is idempotent: a re-run keeps the cluster and is not counted again', async () => {
    const again = await clusters.assign('doc-b', article('ferry'), { countJoin: true });
    expect(again).toMatchObject({ joined: true, newlyJoined: false });
  });

  it('counts a join first seen uncounted (extract) when it is confirmed counted (enrich)', async () => {
    const probe = await clusters.assign('doc-e', article('ferry'), { countJoin: false });
    expect(probe.newlyJoined).toBe(false);
    expect((await clusters.assign('doc-e', article('ferry'), { countJoin: true })).newlyJoined).toBe(true);
  });

  it('re-assigns a document whose text changed and unlinks its stale signature', async () => {
    const moved = await clusters.assign('doc-b', article('metro'), { countJoin: true });
    expect(moved.clusterId).toBe(rootClusterId('doc-d'));
    expect(moved.newlyJoined).toBe(false);
    const f = await clusters.assign('doc-f', article('ferry'), { countJoin: true });
    expect(f.clusterId).toBe(rootClusterId('doc-a'));
  });

  it('agrees under concurrency: simultaneous copies end in one cluster', async () => {
    const text = article('harbour');
    const ids = Array.from({ length: 8 }, (_, i) => `par-${i}`);
    const results = await Promise.all(ids.map((id) => clusters.assign(id, text, { countJoin: true })));
    expect(new Set(results.map((r) => r.clusterId)).size).toBe(1);
    expect(results.filter((r) => !r.joined)).toHaveLength(1);
  });

  it('finds earlier documents of the previous window but not older ones (bounded memory)', async () => {
    let now = Date.UTC(2030, 0, 1);
    const windowed = new NearDuplicateClusters(redis, `${config.queuePrefix}:w`, { windowDays: 7, now: () => now });
    const first = await windowed.assign('w-1', article('quay'), { countJoin: true });
    now += 8 * 86_400_000;
    expect((await windowed.assign('w-2', article('quay'), { countJoin: true })).clusterId).toBe(first.clusterId);
    now += 15 * 86_400_000;
    expect((await windowed.assign('w-3', article('quay'), { countJoin: true })).clusterId).toBe(rootClusterId('w-3'));
  });

  it('clusters too-short texts only when identical', async () => {
    const x = await clusters.assign('short-1', 'Ferry delayed.', { countJoin: true });
    const y = await clusters.assign('short-2', 'ferry  DELAYED', { countJoin: true });
    const z = await clusters.assign('short-3', 'Metro delayed.', { countJoin: true });
    expect(x.clusterId).toBe(y.clusterId);
    expect(z.clusterId).not.toBe(x.clusterId);
  });
});
