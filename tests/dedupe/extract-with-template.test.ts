import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { Dedupe } from '@ingest/dedupe';
import { PipelineStats, QueueSet } from '@ingest/queue';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

// A fake extractor over "pages" made of blocks whose fingerprint is their text: what matters here
// is what Dedupe does around extraction, not extraction itself.
const TEMPLATE = ['disclaimer', 'newsletter'];
function blocks(i: number): string[] {
  return [...Array.from({ length: 6 }, (_, k) => `page ${i} paragraph ${k} has words of its own about subject ${i * 10 + k} and nothing else`), ...TEMPLATE];
}
function fakeExtract(i: number) {
  return async (template: ReadonlySet<string>) => {
    const kept = blocks(i).filter((b) => !template.has(b));
    return { record: { docId: `doc${i}`.padEnd(32, '0'), text: kept.join('\n\n') }, article: { boilerplateFingerprints: blocks(i), keptFingerprints: kept } };
  };
}
function job(i: number): ExtractJob {
  return { url: `http://site.test/${i}`, finalUrl: `http://site.test/${i}`, archiveKey: `a/${i}`, contentDigest: `${i}`.padStart(64, 'a'), fetchedAt: '2030-01-01T00:00:00.000Z', contentType: 'text/html' };
}

describe('Dedupe.extractWithTemplate', () => {
  let config: Config;
  let redis: Redis;
  let queues: QueueSet;
  let stats: PipelineStats;
  let dedupe: Dedupe;

  beforeAll(() => {
    config = testConfig();
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queues = new QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: 1 });
    stats = new PipelineStats(redis, config.queuePrefix);
    dedupe = new Dedupe({ redis, prefix: config.queuePrefix, queues, stats });
  });
  afterAll(async () => {
    await queues.close();
    redis.disconnect();
    await cleanupTest(config);
  });

  it('strips the template from the page that teaches it and re-enqueues the pages before it', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push((await dedupe.extractWithTemplate(job(i), fakeExtract(i))).record.text);
    for (const t of texts.slice(0, 4)) expect(t).toContain('disclaimer');
    expect(texts[4]).not.toContain('disclaimer');
    const waiting = await queues.queues.extract.getJobs(['waiting']);
    // The template version in the id: the pages' first extract jobs do not block these.
    for (const j of waiting) expect(j.id).toMatch(/^extract-[0-9a-f]{32}-a{32}-t1$/);
    expect(waiting.map((j) => (j.data as ExtractJob).url).sort()).toEqual([0, 1, 2, 3].map((i) => `http://site.test/${i}`));
  });

  it('re-extracts an early page without the template, and a second run changes nothing', async () => {
    const again = await dedupe.extractWithTemplate(job(0), fakeExtract(0));
    expect(again.record.text).not.toContain('disclaimer');
    expect(again.record.text).toContain('page 0 paragraph 5');
    const before = await stats.counts();
    await dedupe.extractWithTemplate(job(0), fakeExtract(0));
    expect(await stats.counts()).toEqual(before);
    expect(await queues.queues.extract.getJobs(['waiting'])).toHaveLength(4);
    expect(before['dedupe.pagesReprocessed']).toBe(4);
  });
});
