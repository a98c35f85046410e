import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

const JSON_LD_PAGE = `<!doctype html><html lang="de-AT"><head>
<title>Regierung beschließt Budget | Beispielzeitung</title>
<meta property="og:site_name" content="Beispielzeitung">
<meta property="og:title" content="Regierung beschließt Budget | Beispielzeitung">
<link rel="canonical" href="/politik/budget-123">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","@id":"https://news.example.com/#site","name":"Beispielzeitung"},
  {"@type":"Person","@id":"https://news.example.com/#p1","name":"Anna Beispiel"},
  {"@type":["NewsArticle"],"headline":"Regierung beschließt Budget","description":"Das Budget ist durch.",
   "author":[{"@id":"https://news.example.com/#p1"},{"@type":"Person","givenName":"Jan","familyName":"Muster"},{"@type":"Organization","name":"APA"}],
   "datePublished":"2024-05-03T15:47:42+02:00","dateModified":"2024-05-03T18:00:00+02:00",
   "publisher":{"@type":"NewsMediaOrganization","name":"Beispielzeitung"},
   "articleSection":["Politik","Inland"],"keywords":"Budget, Regierung, Finanzen",
   "image":{"@type":"ImageObject","url":"https://img.example.com/a.jpg","caption":"Der Finanzminister","creditText":"Foto: APA"},
   "inLanguage":"de-AT"}
]}</script></head><body><h1>Regierung beschließt Budget</h1></body></html>`;

describe('extractMetadata: JSON-LD', () => {
  const md = extract(JSON_LD_PAGE);

  it('reads the article node from @graph, resolving @id references', () => {
    expect(md.title).toBe('Regierung beschließt Budget');
    expect(md.authors).toEqual(['Anna Beispiel', 'Jan Muster', 'APA']);
    expect(md.type).toBe('NewsArticle');
    expect(md.description).toBe('Das Budget ist durch.');
  });

  it('normalises dates with offsets to UTC', () => {
    expect(md.publishedAt).toBe('2024-05-03T13:47:42Z');
    expect(md.modifiedAt).toBe('2024-05-03T16:00:00Z');
  });

  it('fills site, canonical, section, tags, image and language', () => {
    expect(md.siteName).toBe('Beispielzeitung');
    expect(md.canonicalUrl).toBe('https://news.example.com/politik/budget-123');
    expect(md.section).toBe('Politik');
    expect(md.tags).toEqual(['Budget', 'Regierung', 'Finanzen']);
    expect(md.image).toEqual({ url: 'https://img.example.com/a.jpg', caption: 'Der Finanzminister', credit: 'Foto: APA' });
    expect(md.language).toBe('de');
  });
});

describe('extractMetadata: meta tags only', () => {
  const md = extract(
    `<html><head>
    <meta property="og:title" content="Mayor &amp;amp; council agree on transit plan - The Daily Example">
    <meta property="og:site_name" content="The Daily Example">
    <meta name="author" content="By Jane Doe and John Smith">
    <meta property="article:published_time" content="Fri, 03 May 2024 09:15:00 -0400">
    <meta property="article:tag" content="Transit"><meta property="article:tag" content="City Hall">
    <meta property="og:image" content="/img/transit.jpg"><meta property="og:image:alt" content="A bus">
    <meta property="og:locale" content="en_US"><meta property="og:type" content="article">
  </head><body></body></html>`,
    'https://www.dailyexample.com/news/transit',
  );

  it('strips the site name and decodes double-escaped entities', () => {
    expect(md.title).toBe('Mayor & council agree on transit plan');
  });
  it('splits author lists and drops the byline word', () => {
    expect(md.authors).toEqual(['Jane Doe', 'John Smith']);
  });
  it('parses RFC 2822 dates with their offset', () => {
    expect(md.publishedAt).toBe('2024-05-03T13:15:00Z');
  });
  it('collects tags, image, language and og:type', () => {
    expect(md.tags).toEqual(['Transit', 'City Hall']);
    expect(md.image).toEqual({ url: 'https://www.dailyexample.com/img/transit.jpg', caption: 'A bus', credit: null });
    expect(md.language).toBe('en');
    expect(md.type).toBe('article');
  });
});

describe('extractMetadata: visible markup fallbacks', () => {
  it('reads a German byline, a <time> element and microdata', () => {
    const md = extract(`<html lang="de"><body><article>
      <h1 itemprop="headline">Neue Brücke eröffnet</h1>
      <div class="article-byline">Von <a href="/autor/max-muster">Max Muster</a> und <a href="/autor/eva-beispiel">Eva Beispiel</a></div>
      <time datetime="2024-05-03T08:00:00+02:00">3. Mai 2024</time>
      <p>Text</p></article>
      <aside class="related"><div class="author">Von Someone Else</div></aside></body></html>`);
    expect(md.title).toBe('Neue Brücke eröffnet');
    expect(md.authors).toEqual(['Max Muster', 'Eva Beispiel']);
    expect(md.publishedAt).toBe('2024-05-03T06:00:00Z');
  });

  it('uses microdata author and datePublished', () => {
    const md = extract(`<html><body><div itemscope itemtype="https://schema.org/NewsArticle">
      <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Maria García</span></span>
      <meta itemprop="datePublished" content="2024-03-02">
      </div></body></html>`);
    expect(md.authors).toEqual(['Maria García']);
    expect(md.publishedAt).toBe('2024-03-02T00:00:00Z');
  });

  it('falls back to the date in the URL', () => {
    const md = extract('<html><body><p>x</p></body></html>', 'https://example.org/2023/11/16/some-story/');
    expect(md.publishedAt).toBe('2023-11-16T00:00:00Z');
  });

  it('prefers a more precise candidate for the same day', () => {
    const md = extract(`<html><head>
      <script type="application/ld+json">{"@type":"Article","headline":"H","datePublished":"2024-04-30"}</script>
      <meta property="article:published_time" content="2024-04-30T16:58:00+00:00"></head></html>`);
    expect(md.publishedAt).toBe('2024-04-30T16:58:00Z');
  });
});

describe('extractMetadata: zones', () => {
  it("places a zone-less publish time in the zone of the page's other timestamps", () => {
    const md = extract(`<html><head>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2026-05-13T15:44:00"}</script>
      <meta property="og:updated_time" content="2026-05-13T15:44:29+02:00"></head></html>`);
    expect(md.publishedAt).toBe('2026-05-13T13:44:00Z');
    expect(md.modifiedAt).toBe('2026-05-13T13:44:29Z');
  });

  it('leaves a zone-less time alone when the page states no zone anywhere', () => {
    const md = extract(`<html><head><meta property="article:published_time" content="2024-04-28T14:26:01"></head></html>`);
    expect(md.publishedAt).toBe('2024-04-28T14:26:01');
  });
});

describe('extractMetadata: junk', () => {
  it('survives broken JSON-LD and falls back to other sources', () => {
    const md = extract(`<html><head>
      <script type="application/ld+json">{"@type":"NewsArticle", "headline": "Broken, </script>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Repaired","author":{"name":"A. Writer"},}</script>
      <title>Fallback title</title></head></html>`);
    expect(md.title).toBe('Repaired');
    expect(md.authors).toEqual(['A. Writer']);
  });

  it('returns empty metadata for an empty document', () => {
    const md = extract('', 'https://example.org/');
    expect(md).toEqual({
      title: null,
      description: null,
      authors: [],
      publishedAt: null,
      modifiedAt: null,
      siteName: null,
      canonicalUrl: null,
      section: null,
      tags: [],
      image: null,
      language: null,
      type: null,
      access: { accessibleForFree: null, paywalledSelectors: [] },
      robots: { noindex: false, nofollow: false, nosnippet: false, noarchive: false },
    });
  });

  it('handles a page without head, with garbage values', () => {
    const md = extract(`<body><h1>Only a heading</h1><meta name="author" content="https://example.com/"><meta property="article:published_time" content="yesterday"><html lang="x-default"></body>`);
    expect(md.title).toBe('Only a heading');
    expect(md.authors).toEqual([]);
    expect(md.language).toBeNull();
  });

  it('stays fast on huge and deeply nested pages', () => {
    const deep = '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_000);
    const wide = '<p class="author">Not A Byline Really Long Paragraph With Too Many Words In It</p>'.repeat(20_000);
    const start = performance.now();
    const md = extract(`<html><head><title>Big</title></head><body>${deep}${wide}</body></html>`);
    expect(md.title).toBe('Big');
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('stays fast on a page of thousands of sibling headings and links', () => {
    const junk = '<a href="/x">x</a><h1>Heading words here</h1>'.repeat(20_000);
    const start = performance.now();
    const md = extract(`<html><head><meta property="og:title" content="Other words entirely"></head><body>${junk}</body></html>`);
    expect(md.title).toBe('Other words entirely');
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('does not modify the DOM it is given', async () => {
    const { parseDocument } = await import('htmlparser2');
    const { extractMetadata } = await import('../src/index.ts');
    const { default: render } = await import('dom-serializer');
    const doc = parseDocument(JSON_LD_PAGE);
    const before = render(doc);
    extractMetadata(doc, 'https://news.example.com/a');
    expect(render(doc)).toBe(before);
  });

  it('takes no site name from an application-name that repeats the <title>', () => {
    const t = 'Schools close early - Parents scramble for childcare this week';
    const md = extract(`<html><head><title>${t}</title><meta name="application-name" content="${t}">
      <meta property="og:title" content="${t}"></head><body><p>x</p></body></html>`);
    expect(md.title).toBe(t);
    expect(md.siteName).toBeNull();
  });
});
