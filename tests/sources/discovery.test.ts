import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { SourceRegistry, type SiteDiscovery } from '@ingest/sources';
import { cleanupTest, configToEnv, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const rss = (base: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Main</title><item><link>${base}/a.html</link></item></channel></rss>`;
const atom = (base: string) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><entry><link href="${base}/b.html"/><updated>2026-01-01T00:00:00Z</updated></entry></feed>`;
const jsonFeed = (base: string) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON', items: [{ id: '1', url: `${base}/c.html` }] });
const urlset = (base: string, extra = '') =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>${base}/a.html</loc>${extra}</url></urlset>`;

describe('discovering a site’s feeds and sitemaps from its homepage', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    const xml =
      (body: (base: string) => string, type = 'application/xml') =>
      (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
        hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
        res.writeHead(200, { 'content-type': type }).end(body(site.baseUrl));
      };
    site = await startFixtureServer({
      // Three feeds declared in the page (one of them twice, once relative), one declared feed that is gone.
      '/': (_q, r) =>
        r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Harbour Times</title>
          <link rel="alternate" type="application/rss+xml" title="Main feed" href="/feeds/main.rss">
          <link rel="alternate" type="application/atom+xml" href="${site.baseUrl}/feeds/atom.xml">
          <link rel="alternate" type="application/feed+json" href="feeds/items.json">
          <link rel="alternate" type="application/rss+xml" href="${site.baseUrl}/feeds/main.rss#again">
          <link rel="alternate" type="application/rss+xml" href="/feeds/gone.rss">
          <link rel="alternate" hreflang="fr" href="/fr/">
          <link rel="stylesheet" href="/site.css">
        </head><body><p>News</p></body></html>`),
      '/robots.txt': (_q, r) =>
        r.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nAllow: /\nSitemap: ${site.baseUrl}/sitemaps/news.xml\nSitemap: ${site.baseUrl}/sitemap_index.xml\n`),
      '/feeds/main.rss': xml(rss, 'application/rss+xml'),
      '/feeds/atom.xml': xml(atom, 'application/atom+xml'),
      '/feeds/items.json': xml(jsonFeed, 'application/feed+json'),
      // A common path that redirects to a declared feed: the same feed, not a second one.
      '/feed': (_q, r) => r.writeHead(301, { location: '/feeds/main.rss' }).end(),
      '/sitemaps/news.xml': xml((b) =>
        urlset(
          b,
          '<news:news><news:publication><news:name>Harbour Times</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-01-02T10:00:00Z</news:publication_date><news:title>Breakwater</news:title></news:news>',
        ),
      ),
      '/sitemap_index.xml': xml((b) => `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${b}/sitemaps/news.xml</loc></sitemap></sitemapindex>`),
      // Undeclared, at a common path.
      '/sitemap.xml': xml((b) => urlset(b)),
      // A common path answering HTML: not a feed, not reported.
      '/rss': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>no feed here</body></html>'),
    });
    config = testConfig({ fetchHostDelayMs: 0 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'discovery-test' });
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('API: each declared feed and sitemap once, with where it was declared and a source to register', async () => {
    const res = await proc.api!.inject({ method: 'POST', url: '/api/v1/sources/discover', headers: { authorization: `Bearer ${config.apiKey}` }, payload: { url: `${site.baseUrl}/` } });
    expect(res.statusCode, res.body).toBe(200);
    const found = res.json<SiteDiscovery & { feeds: { source: { id: string; kind: string; urls: string[] } }[] }>();
    const b = site.baseUrl;
    expect(found.feeds.map((f) => [f.url, f.via, f.format])).toEqual([
      [`${b}/feeds/main.rss`, 'link', 'rss'],
      [`${b}/feeds/atom.xml`, 'link', 'atom'],
      [`${b}/feeds/items.json`, 'link', 'json'],
    ]);
    expect(found.feeds[0]).toMatchObject({ title: 'Main feed', entries: 1, source: { kind: 'feed', urls: [`${b}/feeds/main.rss`] } });
    expect(found.sitemaps.map((s) => [s.url, s.via, s.format, s.news ?? false])).toEqual([
      [`${b}/sitemaps/news.xml`, 'robots', 'urlset', true],
      [`${b}/sitemap_index.xml`, 'robots', 'index', false],
      [`${b}/sitemap.xml`, 'common-path', 'urlset', false],
    ]);
    expect(found.problems).toEqual([expect.objectContaining({ url: `${b}/feeds/gone.rss`, via: 'link' })]);
    // The feed declared twice (and reached again through /feed) was fetched once under its own URL.
    expect(hits.get('/feeds/main.rss')).toBe(2);
    expect(hits.get('/feeds/atom.xml')).toBe(1);
  });

  it('CLI: lists what it found with the commands to register it, and --add registers each once', async () => {
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: { write: (s: string | Uint8Array) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
      stderr: { write: (s: string) => (err += s) },
      env: configToEnv(config),
      cwd: mkdtempSync(join(tmpdir(), 'ingest-discover-')),
    };
    expect(await main(['sources', 'discover', `${site.baseUrl}/`, '--add', '--no-run', '--every', '6h'], io), err).toBe(0);
    expect(out).toContain(`${site.baseUrl}/: 3 feeds, 3 sitemaps`);
    expect(out).toMatch(/sitemap\s+http:\/\/127\.0\.0\.1:\d+\/sitemaps\/news\.xml\s+\(urlset, 1 entries, Google News; from robots\)/);
    expect(out).toContain(`/feeds/gone.rss (from link): HTTP_GONE`);
    const sources = await new SourceRegistry(proc.conns.redis, proc.conns.queues).list();
    expect(sources.map((s) => `${s.source.kind} ${s.source.urls.join(' ')}`).sort()).toEqual(
      [
        `feed ${site.baseUrl}/feeds/atom.xml`,
        `feed ${site.baseUrl}/feeds/items.json`,
        `feed ${site.baseUrl}/feeds/main.rss`,
        `sitemap ${site.baseUrl}/sitemap.xml`,
        `sitemap ${site.baseUrl}/sitemap_index.xml`,
        `sitemap ${site.baseUrl}/sitemaps/news.xml`,
      ].sort(),
    );
    expect(sources.every((s) => s.source.schedule && 'every' in s.source.schedule && s.source.schedule.every === 6 * 3_600_000)).toBe(true);
  });
});
