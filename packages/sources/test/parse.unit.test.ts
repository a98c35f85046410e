import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { maybeGunzip, parseFeed, parseSitemap } from '../src/index.ts';

describe('parseSitemap', () => {
  it('reads a urlset with lastmod, ignoring image:loc and other namespaces', () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
      <url><loc> https://a.example/1 </loc><lastmod>2024-05-01</lastmod><image:image><image:loc>https://a.example/i.png</image:loc></image:image></url>
      <url><loc>https://a.example/2?x=1&amp;y=2</loc><lastmod>not a date</lastmod></url>
      <url><lastmod>2024-01-01</lastmod></url></urlset>`;
    const parsed = parseSitemap(xml, 'https://a.example/sitemap.xml', 100);
    expect(parsed).toEqual({
      kind: 'urlset',
      truncated: false,
      urls: [
        { url: 'https://a.example/1', lastmod: Date.parse('2024-05-01') },
        { url: 'https://a.example/2?x=1&y=2', lastmod: null },
      ],
    });
  });

  it('reads a sitemap index and stops at the entry limit', () => {
    const xml = `<sitemapindex><sitemap><loc>https://a.example/s1.xml.gz</loc></sitemap><sitemap><loc>https://a.example/s2.xml</loc><lastmod>2024-01-01T10:00:00+02:00</lastmod></sitemap></sitemapindex>`;
    const parsed = parseSitemap(xml, 'u', 1);
    expect(parsed.kind).toBe('index');
    expect(parsed.truncated).toBe(true);
  });

  it('calls anything else malformed, with what it found', () => {
    expect(() => parseSitemap('<html><body>404</body></html>', 'https://a.example/s.xml', 10)).toThrow(/SITEMAP|not a sitemap.*<html>/);
    expect(() => parseSitemap('just text', 'https://a.example/s.xml', 10)).toThrowError(expect.objectContaining({ code: 'SITEMAP_MALFORMED' }));
  });
});

describe('parseFeed', () => {
  it('RSS 2.0: link, or a permalink guid', () => {
    const rss = `<rss version="2.0"><channel><link>https://a.example/</link><item><link>https://a.example/1</link><pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item><item><guid>https://a.example/2</guid></item><item><guid isPermaLink="false">tag:x</guid></item></channel></rss>`;
    const feed = parseFeed(rss, 'u', 10);
    expect(feed.format).toBe('rss');
    expect(feed.items).toEqual([
      { url: 'https://a.example/1', updated: Date.parse('Tue, 10 Jun 2025 04:00:00 GMT') },
      { url: 'https://a.example/2', updated: null },
    ]);
  });

  it('Atom: the alternate link, not enclosures; RSS 1.0 (RDF)', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://a.example/"/><entry><link rel="enclosure" href="https://a.example/a.mp3"/><link rel="alternate" href="https://a.example/e1"/><updated>2025-06-10T00:00:00Z</updated></entry></feed>`;
    expect(parseFeed(atom, 'u', 10).items).toEqual([{ url: 'https://a.example/e1', updated: Date.parse('2025-06-10T00:00:00Z') }]);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><link>https://a.example/r1</link><dc:date>2025-01-01</dc:date></item></rdf:RDF>`;
    expect(parseFeed(rdf, 'u', 10)).toMatchObject({ format: 'rdf', items: [{ url: 'https://a.example/r1' }] });
  });

  it('JSON Feed: url or external_url, date_modified before date_published', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ url: 'https://a.example/j1', date_published: '2025-01-01T00:00:00Z', date_modified: '2025-02-01T00:00:00Z' }, { external_url: 'https://b.example/x' }, { id: 'no-url' }],
    });
    expect(parseFeed(json, 'u', 10).items).toEqual([
      { url: 'https://a.example/j1', updated: Date.parse('2025-02-01T00:00:00Z') },
      { url: 'https://b.example/x', updated: null },
    ]);
  });

  it('refuses what is not a feed', () => {
    expect(() => parseFeed('{"items": []}', 'u', 10)).toThrowError(expect.objectContaining({ code: 'FEED_MALFORMED' }));
    expect(() => parseFeed('{broken', 'u', 10)).toThrowError(expect.objectContaining({ code: 'FEED_MALFORMED' }));
    expect(() => parseFeed('<urlset></urlset>', 'u', 10)).toThrowError(expect.objectContaining({ code: 'FEED_MALFORMED' }));
  });
});

describe('maybeGunzip', () => {
  it('passes plain bytes through, gunzips gzip, refuses a bomb and corrupt gzip', () => {
    expect(maybeGunzip(Buffer.from('<x/>'), 100, 'u').toString()).toBe('<x/>');
    expect(maybeGunzip(gzipSync('<urlset/>'), 100, 'u').toString()).toBe('<urlset/>');
    expect(() => maybeGunzip(gzipSync(Buffer.alloc(10_000)), 1_000, 'u')).toThrowError(expect.objectContaining({ code: 'DOCUMENT_TOO_LARGE' }));
    expect(() => maybeGunzip(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 1_000, 'u')).toThrowError(expect.objectContaining({ code: 'SITEMAP_MALFORMED' }));
  });
});
