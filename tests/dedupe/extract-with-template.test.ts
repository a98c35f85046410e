import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { Dedupe, type TemplateOutcome } from '@ingest/dedupe';
import { jobId, shortHash, PipelineStats, QueueSet } from '@ingest/queue';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

// A fake extractor over "pages" made of blocks whose fingerprint is their text: what matters here
// is what Dedupe does around extraction, not extraction itself.
const TEMPLATE = ['disclaimer', 'newsletter'];
function blocks(i: number): string[] {
  return [...Array.from({ length: 6 }, (_, k) => `page ${i} paragraph ${k} has words of its own about subject ${i * 10 + k} and nothing else`), ...TEMPLATE];
}
/** `inPage`: blocks the extractor drops by itself (class hints), whatever the template. */
function fakeExtract(i: number, options: { host?: string; extra?: string[]; inPage?: string[] } = {}) {
  const all = [...blocks(i), ...(options.extra ?? [])];
  return async (template: ReadonlySet<string>) => {
    const kept = all.filter((b) => !template.has(b) && !options.inPage?.includes(b));
    return { record: { docId: `${options.host ?? ''}doc${i}`.padEnd(32, '0'), text: kept.join('\n\n') }, article: { boilerplateFingerprints: all, keptFingerprints: kept } };
  };
}
function job(i: number, host = 'site.test'): ExtractJob {
  return {
    url: `http://${host}/${i}`,
    finalUrl: `http://${host}/${i}`,
    archiveKey: `a/${i}`,
    contentDigest: `${i}`.padStart(64, 'a'),
    fetchedAt: '2030-01-01T00:00:00.000Z',
    contentType: 'text/html',
  };
}
async function waitingUrls(queues: QueueSet, host: string): Promise<string[]> {
  const jobs = await queues.queues.extract.getJobs(['waiting']);
  return jobs
    .map((j) => j.data.url)
    .filter((u) => new URL(u).host === host)
    .sort();
}

/** What the extract stage does with an outcome (dedupe decides, the pipeline enqueues and counts). */
async function apply<R>(queues: QueueSet, stats: PipelineStats, t: TemplateOutcome<R>): Promise<R> {
  for (const page of t.reprocess.pages) {
    const { created } = await queues.add('extract', page.job, jobId('extract', shortHash(page.job.finalUrl), page.job.contentDigest.slice(0, 32), `t${t.reprocess.version}`));
    if (created) await stats.incr('dedupe.pagesReprocessed');
  }
  return t.result;
}

describe('Dedupe.extractWithTemplate', () => {
  let config: Config;
  let redis: Redis;
  let queues: QueueSet;
  let stats: PipelineStats;
  let dedupe: Dedupe;
  let extractWith: (d: Dedupe, j: ExtractJob, e: ReturnType<typeof fakeExtract>) => Promise<Awaited<ReturnType<ReturnType<typeof fakeExtract>>>>;

  beforeAll(() => {
    config = testConfig();
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queues = new QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: 1 });
    stats = new PipelineStats(redis, config.queuePrefix);
    dedupe = new Dedupe({ redis, prefix: config.queuePrefix });
    extractWith = async (d, j, e) => apply(queues, stats, await d.extractWithTemplate(j, e));
  });
  afterAll(async () => {
    await queues.close();
    redis.disconnect();
    await cleanupTest(config);
  });

  it('strips the template from the page that teaches it and re-enqueues the pages before it', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push((await extractWith(dedupe, job(i), fakeExtract(i))).record.text);
    for (const t of texts.slice(0, 4)) expect(t).toContain('disclaimer');
    expect(texts[4]).not.toContain('disclaimer');
    const waiting = await queues.queues.extract.getJobs(['waiting']);
    // The template version in the id: the pages' first extract jobs do not block these.
    for (const j of waiting) expect(j.id).toMatch(/^extract-[0-9a-f]{32}-a{32}-t1$/);
    expect(waiting.map((j) => j.data.url).sort()).toEqual([0, 1, 2, 3].map((i) => `http://site.test/${i}`));
  });

  it('re-extracts an early page without the template, and a second run changes nothing', async () => {
    const again = await extractWith(dedupe, job(0), fakeExtract(0));
    expect(again.record.text).not.toContain('disclaimer');
    expect(again.record.text).toContain('page 0 paragraph 5');
    const before = await stats.counts();
    await extractWith(dedupe, job(0), fakeExtract(0));
    expect(await stats.counts()).toEqual(before);
    expect(await queues.queues.extract.getJobs(['waiting'])).toHaveLength(4);
    expect(before['dedupe.pagesReprocessed']).toBe(4);
  });

  it('re-enqueues no page whose kept text the decision does not change', async () => {
    // The extractor already drops the template blocks in-page: learning them changes no output.
    for (let i = 0; i < 8; i++) {
      const r = await extractWith(dedupe, job(i, 'hinted.test'), fakeExtract(i, { host: 'h', inPage: TEMPLATE }));
      expect(r.record.text).not.toContain('disclaimer');
    }
    expect((await dedupe.templates.snapshot('hinted.test')).fingerprints.has('disclaimer')).toBe(true);
    expect(await waitingUrls(queues, 'hinted.test')).toEqual([]);
  });

  it('learns a block the site added in the next learning window and re-extracts that window’s pages', async () => {
    const d = new Dedupe({ redis, prefix: config.queuePrefix, templates: { windowPages: 5, relearnAfterPages: 5 } });
    const host = 'relearn.test';
    const run = (i: number) => extractWith(d, job(i, host), fakeExtract(i, { host: 'r', ...(i >= 9 ? { extra: ['new banner'] } : {}) }));
    for (let i = 0; i < 9; i++) await run(i);
    expect((await d.templates.snapshot(host)).fingerprints.has('disclaimer')).toBe(true);
    const decided = (await d.templates.snapshot(host)).version;
    const texts: string[] = [];
    // Page 9 starts the next window (5 pages after the first decision); page 13 ends it.
    for (let i = 9; i < 14; i++) texts.push((await run(i)).record.text);
    const after = await d.templates.snapshot(host);
    expect(after.fingerprints.has('new banner')).toBe(true);
    expect(after.fingerprints.has('disclaimer')).toBe(true);
    expect(after.version).toBe(decided + 1);
    for (const t of texts.slice(0, 4)) expect(t).toContain('new banner');
    expect(texts[4]).not.toContain('new banner');
    const urls = await waitingUrls(queues, host);
    // The first window's pages 0-3, then the pages of the second window that kept the banner.
    expect(urls).toEqual([...[0, 1, 2, 3], ...[9, 10, 11, 12]].map((i) => `http://${host}/${i}`).sort());
  });
});
