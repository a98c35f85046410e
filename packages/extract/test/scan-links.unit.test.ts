import { describe, expect, it } from 'vitest';
import { extractArticle, scanLinks } from '../src/index.ts';

const PAGE = `<!doctype html><html><head><base href="https://news.example/world/"><title>World</title>
<script>var s = '<a href="/not-a-link">';</script></head><body>
<nav><a href="/">Home</a> <a href="../sport/">Sport</a> <a href="mailto:desk@news.example">Mail</a> <a href="javascript:void(0)">Menu</a></nav>
<article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after <a href="harbour-history.html">two years</a> of works.</p>
<p>More: <a href="harbour-history.html#map">the map</a>, <a href="https://other.example/x?a=1&amp;b=2">a partner</a>, <a href="#top">top</a>.</p></article>
<footer><a href="/about">About   us</a><a href="/about">About</a></footer></body></html>`;

describe('scanLinks', () => {
  it('finds the links extraction finds, resolved against <base>, without building the tree', () => {
    const scanned = scanLinks(PAGE, 'https://news.example/world/harbour.html');
    const extracted = extractArticle(PAGE, 'https://news.example/world/harbour.html').links;
    expect(new Set(scanned.map((l) => l.url))).toEqual(new Set(extracted.map((l) => l.url)));
    expect(scanned.map((l) => l.url)).toEqual([
      'https://news.example/',
      'https://news.example/sport/',
      'https://news.example/world/harbour-history.html',
      'https://other.example/x?a=1&b=2',
      'https://news.example/about',
    ]);
    expect(scanned.find((l) => l.url.endsWith('/about'))?.text).toBe('About us');
  });

  it('stays linear on hostile nesting', () => {
    const hostile = `${'<div><span>'.repeat(100_000)}<a href="/deep">deep</a>`;
    const started = performance.now();
    expect(scanLinks(hostile, 'https://news.example/').map((l) => l.url)).toEqual(['https://news.example/deep']);
    // generous: the point is that it is not the seconds a tree walk of this page takes
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
