import { describe, expect, it } from 'vitest';
import { classifyDocument, feedLinks, parseSitemap, suggestedSourceId, SOURCE_ID_PATTERN } from '../src/index.ts';

describe('Google News and hreflang sitemap fields', () => {
  it('reads news:publication_date, news:title, language and publication name, and hreflang alternates', () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
      <url><loc>https://a.example/en/story</loc>
        <xhtml:link rel="alternate" hreflang="de" href="https://a.example/de/story"/>
        <xhtml:link rel="alternate" hreflang="x-default" href="https://a.example/story"/>
        <news:news><news:publication><news:name>The Example Times</news:name><news:language>EN</news:language></news:publication>
          <news:publication_date>2026-02-03T04:05:06Z</news:publication_date><news:title>Harbour &amp; breakwater</news:title></news:news></url>
      <url><loc>https://a.example/plain</loc><lastmod>2026-01-01</lastmod></url></urlset>`;
    const parsed = parseSitemap(xml, 'https://a.example/news.xml', 100);
    expect(parsed.kind).toBe('urlset');
    if (parsed.kind !== 'urlset') return;
    expect(parsed.urls[0]).toEqual({
      url: 'https://a.example/en/story',
      // No lastmod: the publication date stands in, so a run skips old news like old pages.
      lastmod: Date.parse('2026-02-03T04:05:06Z'),
      news: { publicationDate: Date.parse('2026-02-03T04:05:06Z'), title: 'Harbour & breakwater', language: 'en', publicationName: 'The Example Times' },
      alternates: [
        { hreflang: 'de', url: 'https://a.example/de/story' },
        { hreflang: 'x-default', url: 'https://a.example/story' },
      ],
    });
    expect(parsed.urls[1]).toEqual({ url: 'https://a.example/plain', lastmod: Date.parse('2026-01-01') });
  });
});

describe('feed discovery helpers', () => {
  it('finds feed <link rel=alternate> of the feed types only, resolved against <base>', () => {
    const html = `<html><head><base href="https://a.example/blog/">
      <link rel="alternate" type="application/rss+xml" title=" Posts " href="rss.xml">
      <link rel="Alternate  home" type="application/atom+xml; charset=utf-8" href="/atom.xml#x">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="alternate" type="text/html" href="/print">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed.xml"></head></html>`;
    expect(feedLinks(html, 'https://a.example/')).toEqual([{ url: 'https://a.example/blog/rss.xml', title: 'Posts' }, { url: 'https://a.example/atom.xml' }]);
  });

  it('tells feeds from sitemaps by content, and neither from HTML', () => {
    expect(classifyDocument('<rss version="2.0"><channel><item><link>https://a.example/1</link></item></channel></rss>', 'u')).toEqual({ kind: 'feed', format: 'rss', entries: 1 });
    expect(classifyDocument('<sitemapindex><sitemap><loc>https://a.example/s.xml</loc></sitemap></sitemapindex>', 'u')).toEqual({ kind: 'sitemap', format: 'index', entries: 1 });
    expect(classifyDocument('<html><body>hello</body></html>', 'u')).toBeNull();
  });

  it('suggests source ids that the registry accepts', () => {
    for (const url of ['https://www.Example.org/feeds/Main.rss', 'https://a.example/', `https://a.example/${'x'.repeat(200)}.xml`]) {
      const id = suggestedSourceId(url, 'feed');
      expect(id).toMatch(SOURCE_ID_PATTERN);
    }
    expect(suggestedSourceId('https://www.example.org/feeds/main.rss', 'feed')).toBe('feed-example-org-feeds-main-rss');
  });
});
