import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { schedulerId, SourceRegistry } from '@ingest/sources';
import { articlePage, cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { drained, PARAGRAPHS } from './helpers.ts';

const xml = (res: ServerResponse, body: string | Buffer, type = 'application/xml') => res.writeHead(200, { 'content-type': type }).end(body);
const article = (res: ServerResponse, title: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(title, [...PARAGRAPHS, `${title}.`]));
const urlset = (base: string, entries: { path: string; lastmod?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">${entries
    .map((e) => `<url><loc>${base}${e.path}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}<image:image><image:loc>${base}/img.png</image:loc></image:image></url>`)
    .join('')}</urlset>`;

describe('sources: sitemaps, feeds and crawls expanded by the discover stage', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let registry: SourceRegistry;
  let base = '';
  const hits = (path: string) => site.hits.filter((h) => h === path).length;

  beforeAll(async () => {
    const pages: Record<string, (q: unknown, r: ServerResponse) => unknown> = {};
    for (const p of ['p1', 'p2', 'p3', 'p4', 'f1', 'f2', 'f3', 'f4', 'f5']) pages[`/${p}.html`] = (_q, r) => article(r, `Story ${p} about the harbour`);
    site = await startFixtureServer({
      ...pages,
      '/robots.txt': (_q, r) => r.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /private/\nSitemap: ${base}/sitemap-index.xml\n`),
      '/sitemap-index.xml': (_q, r) =>
        xml(
          r,
          `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>${base}/sitemap-a.xml.gz</loc></sitemap>
          <sitemap><loc>${base}/sitemap-b.xml</loc><lastmod>2030-01-01</lastmod></sitemap>
          <sitemap><loc>${base}/sitemap-old.xml</loc><lastmod>2001-01-01</lastmod></sitemap>
          <sitemap><loc>${base}/sitemap-broken.xml</loc></sitemap>
          <sitemap><loc>${base}/sitemap-bomb.xml.gz</loc></sitemap>
        </sitemapindex>`,
        ),
      '/sitemap-a.xml.gz': (_q, r) => xml(r, gzipSync(urlset(base, [{ path: '/p1.html' }, { path: '/p2.html' }, { path: '/p3.html' }])), 'application/x-gzip'),
      // p3 again (fetched once per run) and p4 with an old lastmod (skipped on the second run).
      '/sitemap-b.xml': (_q, r) => xml(r, urlset(base, [{ path: '/p3.html' }, { path: '/p4.html', lastmod: '2001-01-01T00:00:00Z' }])),
      '/sitemap-old.xml': (_q, r) => xml(r, urlset(base, [{ path: '/p1.html' }])),
      '/sitemap-broken.xml': (_q, r) => xml(r, '<html><body>Oops, this is not a sitemap</body></html>', 'text/html'),
      '/sitemap-bomb.xml.gz': (_q, r) => xml(r, gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)), 'application/x-gzip'),
      '/rss.xml': (_q, r) =>
        xml(
          r,
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${base}/</link><item><title>a</title><link>${base}/f1.html</link><pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item><item><guid isPermaLink="true">${base}/f2.html</guid></item></channel></rss>`,
          'application/rss+xml',
        ),
      '/atom.xml': (_q, r) =>
        xml(
          r,
          `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link href="${base}/"/><entry><title>x</title><link rel="enclosure" href="${base}/f5.mp3"/><link href="${base}/f3.html"/><updated>2025-06-10T00:00:00Z</updated></entry></feed>`,
          'application/atom+xml',
        ),
      '/feed.json': (_q, r) =>
        xml(
          r,
          JSON.stringify({
            version: 'https://jsonfeed.org/version/1.1',
            title: 't',
            items: [
              { id: '1', url: `${base}/f4.html`, date_modified: '2025-06-10T00:00:00Z' },
              { id: '2', url: `${base}/f1.html` },
            ],
          }),
          'application/feed+json',
        ),
      '/broken-feed.xml': (_q, r) => xml(r, '{"not": "a feed"}', 'application/json'),
      '/docs/': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            articlePage('Docs index', PARAGRAPHS).replace(
              '</article>',
              '<a href="/docs/a.html">a</a><a href="/docs/b.html">b</a><a href="/blog/x.html">x</a><a href="/docs/skip-me.html">s</a></article>',
            ),
          ),
      '/docs/a.html': (_q, r) => article(r, 'Docs page a'),
      '/docs/b.html': (_q, r) => article(r, 'Docs page b'),
      '/docs/skip-me.html': (_q, r) => article(r, 'Docs page skipped'),
      '/blog/x.html': (_q, r) => article(r, 'Blog page out of scope'),
    });
    base = site.baseUrl;
    config = testConfig({ fetchMaxBytes: 1024 * 1024, jobAttempts: 1 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'sources' });
    registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('a site root: sitemaps from robots.txt, an index with gzipped children, each URL fetched once, broken sitemaps recorded', async () => {
    await registry.add({ id: 'site', kind: 'sitemap', urls: [`${base}/`], limits: { maxBytes: 1024 * 1024 } });
    await registry.runNow('site');
    await drained(proc);
    const state = await registry.state('site');
    expect(state).toMatchObject({ runs: 1, found: 4, fetched: 4, failed: 0 });
    for (const p of ['/p1.html', '/p2.html', '/p3.html', '/p4.html']) expect(hits(p), p).toBe(1);
    const failures = await registry.failures('site');
    expect(failures.find((f) => f.url.endsWith('/sitemap-broken.xml'))?.code).toBe('SITEMAP_MALFORMED');
    expect(failures.find((f) => f.url.endsWith('/sitemap-bomb.xml.gz'))?.code).toBe('DOCUMENT_TOO_LARGE');
    expect(failures).toHaveLength(2);
    // image:loc entries are not pages.
    expect(hits('/img.png')).toBe(0);
  });

  it('a second run honours lastmod: an old child sitemap and an old entry are skipped, the rest is unchanged', async () => {
    await registry.runNow('site');
    await drained(proc);
    const state = await registry.state('site');
    expect(state).toMatchObject({ runs: 2, found: 3, notModifiedSinceLastRun: 1, unchanged: 3, fetched: 0 });
    expect(hits('/sitemap-old.xml')).toBe(1);
    expect(hits('/p4.html')).toBe(1);
  });

  it('feeds of each kind (RSS 2.0, Atom, JSON Feed); a URL in two feeds is fetched once; a broken feed is recorded', async () => {
    const feeds = ['/rss.xml', '/atom.xml', '/feed.json', '/broken-feed.xml'].map((p) => `${base}${p}`);
    await registry.add({ id: 'feeds', kind: 'feed', urls: feeds });
    await registry.runNow('feeds');
    await drained(proc);
    const state = await registry.state('feeds');
    expect(state).toMatchObject({ found: 4, fetched: 4 });
    for (const p of ['/f1.html', '/f2.html', '/f3.html', '/f4.html']) expect(hits(p), p).toBe(1);
    expect(hits('/f5.mp3')).toBe(0);
    expect((await registry.failures('feeds')).map((f) => f.code)).toEqual(['FEED_MALFORMED']);
  });

  it('maxUrls bounds a run and says so', async () => {
    await registry.add({ id: 'small', kind: 'feed', urls: [`${base}/rss.xml`, `${base}/atom.xml`], limits: { maxUrls: 2 } });
    await registry.runNow('small');
    await drained(proc);
    expect((await registry.state('small')).found).toBe(2);
    expect((await registry.failures('small')).map((f) => f.code)).toContain('URL_LIMIT_REACHED');
  });

  it('a crawl source keeps to its path prefix and exclude pattern', async () => {
    await registry.add({ id: 'docs', kind: 'crawl', urls: [`${base}/docs/`], crawl: { maxPages: 10, maxDepth: 2, mode: 'host', pathPrefixes: ['/docs/'], exclude: ['skip-me'] } });
    await registry.runNow('docs');
    await drained(proc);
    expect(hits('/docs/a.html')).toBe(1);
    expect(hits('/docs/b.html')).toBe(1);
    expect(hits('/docs/skip-me.html')).toBe(0);
    expect(hits('/blog/x.html')).toBe(0);
    expect(await registry.state('docs')).toMatchObject({ found: 3, fetched: 3 });
  });

  it('registration is idempotent; recurring sources get one job scheduler that pause and remove take away', async () => {
    const input = { id: 'recurring', kind: 'url' as const, urls: [`${base}/p1.html`], schedule: { every: 3_600_000 } };
    await registry.add(input);
    await registry.add(input);
    await expect(registry.add({ ...input, urls: [`${base}/p2.html`] })).rejects.toMatchObject({ code: 'SOURCE_EXISTS' });
    const discover = proc.conns.queues.queues.discover;
    expect((await discover.getJobScheduler(schedulerId('recurring')))?.every).toBe(3_600_000);
    await registry.pause('recurring');
    expect(await discover.getJobScheduler(schedulerId('recurring'))).toBeUndefined();
    await expect(registry.runNow('recurring')).rejects.toMatchObject({ code: 'INVALID_SOURCE' });
    await registry.resume('recurring');
    expect(await discover.getJobScheduler(schedulerId('recurring'))).toBeDefined();
    await registry.remove('recurring');
    expect(await discover.getJobScheduler(schedulerId('recurring'))).toBeUndefined();
    expect(await registry.get('recurring')).toBeNull();
    expect((await registry.list()).map((v) => v.source.id)).toEqual(['docs', 'feeds', 'site', 'small']);
  });

  it('a scheduled source runs on its own until paused', async () => {
    await registry.add({ id: 'ticking', kind: 'url', urls: [`${base}/p2.html`], schedule: { every: 1_000 } });
    const deadline = performance.now() + 20_000;
    while ((await registry.state('ticking')).runs < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await registry.state('ticking')).runs).toBeGreaterThanOrEqual(2);
    await registry.pause('ticking');
    await drained(proc);
    const runs = (await registry.state('ticking')).runs;
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await registry.state('ticking')).runs).toBe(runs);
    // Each run fetched p2 again (a run is a recrawl), and found it unchanged.
    expect((await registry.state('ticking')).totals.unchanged ?? 0).toBeGreaterThanOrEqual(1);
  });
});
