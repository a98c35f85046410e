import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { STAGES } from '@ingest/contracts';
import { cleanupTest, testConfig, drained } from '@ingest/testing';
import type { Config } from '@ingest/config';

const SEED = '/news/central-asia-treading-carefully.html';
const TEASERS = [
  'Borrell tells the European Parliament that the situation in Afghanistan was critical, but the EU will remain engaged',
  'European Commission launches a Global Alliance to Counter Migrant Smuggling',
];

describe('the whole pipeline on a loopback fixture site', () => {
  let site: DemoSite;
  let config: Config;
  let proc: PipelineProcess;

  beforeAll(async () => {
    site = await startDemoSite();
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'e2e' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/`], crawl: { maxPages: 30, maxDepth: 2 } });
    await drained(proc);
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('makes the seed article searchable', async () => {
    const res = await proc.conns.searchIndex.search({ text: 'treading carefully Wagner mutiny' });
    expect(res.hits.map((h) => h.canonicalUrl)).toContain(`${site.baseUrl}${SEED}`);
  });

  it('keeps sidebar teasers out of the body and lists each exactly once in related', async () => {
    const res = await proc.conns.searchIndex.search({ filters: [{ field: 'canonicalUrl', op: 'eq', value: `${site.baseUrl}${SEED}` }], limit: 1 });
    const doc = res.hits[0]!;
    expect(doc.title).toBe("Opinion: Central Asia is treading carefully after Wagner's mutiny in Russia");
    expect(doc.body).toContain('Central Asian republics are treading carefully');
    expect(doc.body).toContain('remains in Russia’s shadow at least for now');
    for (const sidebar of ['Related articles', 'Popular', "Editor's choice", 'Criminal networks take advantage', ...TEASERS]) {
      expect(doc.body).not.toContain(sidebar);
    }
    for (const teaser of TEASERS) {
      expect(doc.related.filter((r) => r.title === teaser)).toHaveLength(1);
    }
    expect(doc.related).toHaveLength(2);
    expect(doc.authors).toEqual(['Arianna Belluardo']);
    expect(doc.publishedAt?.startsWith('2023-07-03')).toBe(true);
    expect(doc.language).toBe('en');
  });

  it('archives the raw body byte-identical to what the server sent', async () => {
    const res = await proc.conns.searchIndex.search({ filters: [{ field: 'canonicalUrl', op: 'eq', value: `${site.baseUrl}${SEED}` }], limit: 1 });
    const doc = res.hits[0]!;
    const { body, meta } = await proc.conns.archive.getResponse(doc.archiveKey);
    const sent = site.requests.find((r) => r.path === SEED)!.bytes;
    expect(Buffer.compare(body, sent)).toBe(0);
    expect(meta.status).toBe(200);
    expect(meta.finalUrl).toBe(`${site.baseUrl}${SEED}`);
  });

  it('records clear reasons for a removed page and a PDF, and indexes every article', async () => {
    const failures = await proc.conns.stats.recentFailures(50);
    expect(failures.find((f) => f.url?.endsWith('/news/this-page-was-removed.html'))?.code).toBe('HTTP_GONE');
    expect(failures.find((f) => f.url?.endsWith('/files/annual-report.pdf'))?.code).toMatch(/UNSUPPORTED_CONTENT_TYPE/);
    const articles = ['central-asia-treading-carefully', 'borrell-afghanistan', 'global-alliance-migrant-smuggling', 'caspian-ferry-link', 'almaty-metro-extension'];
    for (const slug of articles) {
      const res = await proc.conns.searchIndex.search({ filters: [{ field: 'canonicalUrl', op: 'eq', value: `${site.baseUrl}/news/${slug}.html` }] });
      expect(res.hits, slug).toHaveLength(1);
    }
  });

  it('creates no duplicates when the same URLs are enqueued again', async () => {
    const before = await proc.conns.searchIndex.count();
    const urls = [`${site.baseUrl}${SEED}`, `${site.baseUrl}/news/caspian-ferry-link.html`];
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls });
    await drained(proc);
    expect(await proc.conns.searchIndex.count()).toBe(before);
    const res = await proc.conns.searchIndex.search({ text: 'treading carefully', limit: 50 });
    expect(res.hits.filter((h) => h.canonicalUrl.endsWith(SEED))).toHaveLength(1);
  });
});
