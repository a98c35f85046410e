import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, UrlStateStore, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const PARAS = [
  'The harbour authority approved the new breakwater after two winters of storm damage to the fishing fleet.',
  'Construction starts in spring and the work is expected to take eighteen months, the authority said on Tuesday.',
];

function page(title: string, head = '', figure = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><main><article><h1>${title}</h1>${figure}${PARAS.map((p) => `<p>${title}. ${p}</p>`).join('')}</article></main></body></html>`;
}

const PAYWALL_LD = JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  headline: 'Breakwater approved',
  image: 'https://cdn.example.org/img/breakwater-1200x630.jpg',
  isAccessibleForFree: 'False',
  hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.premium' },
});

describe('robots noindex/nosnippet, paywall markers and the lead image', () => {
  const config = testConfig();
  let site: FixtureServer;
  let proc: PipelineProcess;
  let turned = false;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/meta-noindex.html': (_q, r) => html(r, page('Meta noindex story', '<meta name="robots" content="noindex, follow">')),
      '/header-noindex.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-robots-tag': 'noarchive, noindex' }).end(page('Header noindex story')),
      '/other-bot.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-robots-tag': 'otherbot: noindex' }).end(page('Other bot story')),
      '/nosnippet.html': (_q, r) => html(r, page('Nosnippet story', '<meta name="robots" content="max-snippet:0">')),
      '/turns-noindex.html': (_q, r) => html(r, page('Turning story', turned ? '<meta name="robots" content="NONE">' : '')),
      '/paywall.html': (_q, r) =>
        html(
          r,
          page(
            'Paywalled story',
            `<script type="application/ld+json">${PAYWALL_LD}</script>`,
            '<figure><img src="https://cdn.example.org/img/breakwater-800x450.jpg" width="800" height="450"><figcaption>Waves over the old pier <span class="credit">Jane Roe/Harbour Press</span></figcaption></figure>',
          ),
        ),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'robots' });
    const urls = ['/turns-noindex.html', '/meta-noindex.html', '/header-noindex.html', '/other-bot.html', '/nosnippet.html', '/paywall.html'].map((p) => `${site.baseUrl}${p}`);
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls });
    await drained(proc);
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  const byUrl = async (path: string) => (await proc.conns.searchIndex.search({ filters: [{ field: 'url', op: 'eq', value: `${site.baseUrl}${path}` }], limit: 1 })).hits[0];

  it('archives a noindex page but does not index it, recording NOINDEX', async () => {
    const failures = await proc.conns.stats.recentFailures(50);
    const state = new UrlStateStore(proc.conns.redis, proc.conns.queues.prefix);
    for (const path of ['/meta-noindex.html', '/header-noindex.html']) {
      expect(failures.find((f) => f.url === `${site.baseUrl}${path}`)?.code, path).toBe('NOINDEX');
      expect(await byUrl(path), path).toBeUndefined();
      const s = await state.get(`${site.baseUrl}${path}`);
      expect(s.archiveKey, path).toBeTruthy();
      const { meta } = await proc.conns.archive.getResponse(s.archiveKey!);
      expect(meta.status).toBe(200);
      expect(s.docId).toBeNull();
    }
  });

  it('removes the indexed version of a page that later says noindex', async () => {
    expect(await byUrl('/turns-noindex.html')).toBeDefined();
    turned = true;
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), {
      urls: [`${site.baseUrl}/turns-noindex.html`],
      crawl: { maxPages: 1, maxDepth: 0 },
      crawlId: 'recheck',
    });
    await drained(proc);
    expect(site.hits.filter((h) => h === '/turns-noindex.html')).toHaveLength(2);
    expect(await byUrl('/turns-noindex.html')).toBeUndefined();
  });

  it('ignores directives addressed to another user agent, keeps nosnippet on the document', async () => {
    expect((await byUrl('/other-bot.html'))?.nosnippet).toBe(false);
    expect((await byUrl('/nosnippet.html'))?.nosnippet).toBe(true);
    const hits = await proc.conns.searchIndex.search({ filters: [{ field: 'nosnippet', op: 'eq', value: true }] });
    expect(hits.hits.map((h) => h.url)).toEqual([`${site.baseUrl}/nosnippet.html`]);
  });

  it('stores paywall markers and the lead image with the figure caption and credit', async () => {
    const doc = await byUrl('/paywall.html');
    expect(doc?.accessibleForFree).toBe(false);
    expect(doc?.paywalledSelectors).toEqual(['.premium']);
    expect(doc?.image).toEqual({ url: 'https://cdn.example.org/img/breakwater-1200x630.jpg', caption: 'Waves over the old pier Jane Roe/Harbour Press', credit: 'Jane Roe/Harbour Press' });
    expect((await byUrl('/nosnippet.html'))?.accessibleForFree).toBeNull();
    const free = await proc.conns.searchIndex.search({ filters: [{ field: 'accessibleForFree', op: 'eq', value: false }] });
    expect(free.hits.map((h) => h.url)).toEqual([`${site.baseUrl}/paywall.html`]);
  });
});
