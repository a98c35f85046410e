import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

describe('authors from visible markup', () => {
  it('reads a label-style byline ("Autorin/Autor" then the name)', () => {
    const md = extract(
      `<html lang="de"><body><h1>Ziele und Risiken</h1>
      <ul><li><strong>Datum</strong> 28.04.2023</li><li><strong>Autorin/Autor</strong> Roman Beispiel</li></ul></body></html>`,
      'https://www.example.de/a-123',
    );
    expect(md.authors).toEqual(['Roman Beispiel']);
    expect(md.publishedAt).toBe('2023-04-28T00:00:00Z');
  });

  it('prefers the journalist in the byline over the site name in structured data', () => {
    const md = extract(
      `<html><head><meta property="og:site_name" content="Example Times">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Organization","name":"Example Times"}}</script>
      </head><body><h1>H</h1><p class="meta">By Jane Doe</p></body></html>`,
      'https://exampletimes.com/a',
    );
    expect(md.authors).toEqual(['Jane Doe']);
  });

  it("prefers the journalist in the byline over an editor's login in structured data", () => {
    const md = extract(
      `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","creator":"jd4711"}</script>
      </head><body><h1>H</h1><span class="author vcard"><span class="author-name fn">Jane Doe</span></span></body></html>`,
      'https://exampletimes.com/a',
    );
    expect(md.authors).toEqual(['Jane Doe']);
  });

  it('keeps an agency credited in structured data even when a teaser byline exists', () => {
    const md = extract(
      `<html><head><meta property="og:site_name" content="Example Times">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Organization","name":"dpa"}}</script>
      </head><body><h1>H</h1><div class="teaser"><span class="author">Von Someone Else</span></div></body></html>`,
      'https://exampletimes.com/a',
    );
    expect(md.authors).toEqual(['dpa']);
  });

  it('drops the words around a name that a byline sets apart from it ("Geschrieben von")', () => {
    const md = extract(`<html><body><h1>Main story</h1>
      <div class="post-author"><span>Geschrieben von</span> <a href="/u/17">Jane Doe</a></div></body></html>`);
    expect(md.authors).toEqual(['Jane Doe']);
  });

  it('keeps a visible name whose surname is written in lowercase', () => {
    const md = extract(`<html><body><h1>Main story</h1><div class="post-author"><span>Amir khalil</span></div></body></html>`);
    expect(md.authors).toEqual(['Amir khalil']);
  });

  it("reads a byline on a page whose <body> class names the theme's sidebar", () => {
    const md = extract(`<html><body class="single single-post sidebar-primary comments-open"><main><article>
      <h1>Main story</h1><div class="article__author">By Jane Doe</div><p>Text.</p></article></main></body></html>`);
    expect(md.authors).toEqual(['Jane Doe']);
  });

  it("reads bylines from the article's headline on, not from the site's logo heading", () => {
    const md = extract(`<html><body><header><h1><a href="/" class="logo">Example Post</a></h1></header>
      <span class="dateline"><span>Sunday, Feb 1, 2015 11:57 AM UTC</span></span>
      <h1>Main story</h1><span class="byline"><a rel="author" href="/writer/jane_doe/">Jane Doe</a></span><p>Text.</p></body></html>`);
    expect(md.authors).toEqual(['Jane Doe']);
  });

  it("reads a byline's parts as one line: a place or weekday after the names is its dateline", () => {
    const place = extract(`<html><body><h1>Main story</h1><p class="author">Von Jane Doe und Max Muster<br><em>Kakuma / Kenia</em></p></body></html>`);
    expect(place.authors).toEqual(['Jane Doe', 'Max Muster']);
    const day = extract(`<html><body><h1>Main story</h1><div class="byline"><span>Jane Doe</span> <span>Thursday, November 9, 2023 7:32AM</span></div></body></html>`);
    expect(day.authors).toEqual(['Jane Doe']);
  });

  it('does not take the label of a date line in a byline for a name', () => {
    const md = extract(`<html><body><h1>Main story</h1><div class="author-box"><span>Datum</span> <span>Fritz Beispiel</span></div></body></html>`);
    expect(md.authors).toEqual(['Fritz Beispiel']);
  });

  it('takes the byline after the headline, not one in a teaser or link', () => {
    const md = extract(`<html><body>
      <a href="/other"><span class="byline">By Teaser Person</span></a>
      <h1>Main story</h1><div class="metaInfoAuthorList"><a href="/author/real-writer">Real Writer</a></div>
      </body></html>`);
    expect(md.authors).toEqual(['Real Writer']);
  });

  it("does not take a credit in the site's navigation ('navi', 'navbar') for the byline", () => {
    const md = extract(`<html><body><h1>Main story</h1><p>Text.</p>
      <ul id="navi_bottom"><li><span class="byline">Jane Doe</span></li></ul></body></html>`);
    expect(md.authors).toEqual([]);
  });

  it("keeps the site's name credited as author whole, '&' and all", () => {
    const md = extract(`<html><head><meta property="og:site_name" content="Smith &amp; Jones"><meta name="DC.creator" content="Smith &amp; Jones"></head>
      <body><h1>Main story</h1><p>Text.</p></body></html>`);
    expect(md.authors).toEqual(['Smith & Jones']);
  });

  it('merges author lists of duplicate JSON-LD blocks for the same article', () => {
    const md = extract(`<html><head>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Same story","url":"https://news.example.com/politik/2024/05/03/story-123.html","author":{"name":"A One"}}</script>
      <script type="application/ld+json">{"@type":"Article","headline":"Same story","author":[{"name":"A One"},{"name":"B Two"}]}</script>
      </head></html>`);
    expect(md.authors).toEqual(['A One', 'B Two']);
  });

  it('drops placeholders and dateline cities', () => {
    const md = extract(`<html><head><meta name="author" content="Ines Beispiel, Washington"></head></html>`);
    expect(md.authors).toEqual(['Ines Beispiel']);
    expect(extract(`<html><head><meta name="author" content="admin"></head></html>`).authors).toEqual([]);
  });
});

describe('title cleanup', () => {
  it('removes "- Section | Site" templates', () => {
    const md = extract(
      `<html><head><meta property="og:site_name" content="Global Example">
      <meta property="og:title" content="Storm hits the coast near the capital - National | GlobalExample.ca"></head></html>`,
      'https://globalexample.ca/news/1',
    );
    expect(md.title).toBe('Storm hits the coast near the capital');
  });

  it('ignores an og:title that is only the site name', () => {
    const md = extract(
      `<html><head><meta property="og:site_name" content="Example News"><meta property="og:title" content="Example News"></head>
      <body><h1>Council approves budget</h1></body></html>`,
      'https://examplenews.com/a',
    );
    expect(md.title).toBe('Council approves budget');
  });

  it('uses og:title unless two other sources agree on another headline', () => {
    const page = (h1: string): string => `<html><head><meta property="og:title" content="Social headline">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Print headline"}</script></head>
      <body><h1>${h1}</h1></body></html>`;
    expect(extract(page('Something else')).title).toBe('Social headline');
    expect(extract(page('Print headline')).title).toBe('Print headline');
  });
});
