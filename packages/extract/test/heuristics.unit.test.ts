import { describe, expect, it } from 'vitest';
import { blockFingerprint, extractArticle } from '../src/index.ts';
import { isCredit, isDateLine, isLeadIn, isStrayLabel } from '../src/filters.ts';
import { normaliseText } from '../src/fingerprint.ts';

const P = (s: string): string => `<p>${s} This sentence adds enough ordinary words, commas, and clauses to look like article prose.</p>`;
const page = (body: string, head = ''): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const url = 'https://news.example.com/world/2024/05/some-story';

describe('fingerprints', () => {
  it('ignore case, punctuation and whitespace', () => {
    expect(blockFingerprint('Hello,  World!')).toBe(blockFingerprint('hello world'));
    expect(blockFingerprint(' «Grüße» — aus Köln… ')).toBe(blockFingerprint('grüße aus köln'));
    expect(blockFingerprint('hello world')).not.toBe(blockFingerprint('hello there world'));
    expect(normaliseText('  A.B, c!  ')).toBe('a b c');
    expect(blockFingerprint('x')).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe('container selection', () => {
  it('prefers the article over navigation, sidebar and footer', () => {
    const html = page(`
      <header><nav><ul><li><a href="/a">World</a></li><li><a href="/b">Politics</a></li></ul></nav></header>
      <div class="layout"><div class="story">${P('First.')}${P('Second.')}${P('Third.')}</div>
      <div class="sidebar"><p>Sidebar text that is long enough to be a paragraph, with commas, and words.</p></div></div>
      <footer><p>Copyright notice for the whole site, with many words, all rights reserved forever.</p></footer>`);
    const r = extractArticle(html, url);
    expect(r.text).toContain('First.');
    expect(r.text).toContain('Third.');
    expect(r.text).not.toContain('Sidebar text');
    expect(r.text).not.toContain('Copyright notice');
    expect(r.text).not.toContain('Politics');
  });

  it('does not exclude a wrapper whose class looks like boilerplate but holds the article', () => {
    const html = page(`<div id="page" class="has-sidebar comments-open">${P('Alpha.')}${P('Beta.')}${P('Gamma.')}</div>`);
    expect(extractArticle(html, url).text).toContain('Gamma.');
  });

  it('picks up a standfirst placed in the article header, outside the body container', () => {
    const html =
      page(`<article><header><h1>Title</h1><p class="intro">This standfirst summarises the story in a long sentence, with commas, that readers see first of all, before anything else.</p></header>
      <div class="body">${P('One.')}${P('Two.')}${P('Three.')}${P('Four.')}</div></article>`);
    const r = extractArticle(html, url);
    expect(r.text).toContain('This standfirst summarises');
    expect(r.text.indexOf('This standfirst')).toBeLessThan(r.text.indexOf('One.'));
  });

  it('drops link-heavy blocks and the heading that announced them', () => {
    const html = page(`<article>${P('Body one.')}${P('Body two.')}${P('Body three.')}
      <h3>Read more</h3><ul><li><a href="/x/1-story">Another story headline here</a></li><li><a href="/x/2-story">Yet another story headline</a></li></ul></article>`);
    const r = extractArticle(html, url);
    expect(r.text).toContain('Body three.');
    expect(r.text).not.toContain('Read more');
    expect(r.text).not.toContain('Another story headline');
  });

  it('keeps a paragraph that merely contains a link', () => {
    const html = page(
      `<article>${P('Intro.')}<p>See the <a href="http://www.example.org">http://www.example.org</a> petition, which gathered many signatures over the last few weeks of campaigning.</p>${P('End.')}</article>`,
    );
    expect(extractArticle(html, url).text).toContain('http://www.example.org petition');
  });

  it('drops hidden elements and comments sections', () => {
    const html =
      page(`<article>${P('Visible.')}${P('Also visible.')}${P('Third visible.')}${P('Fourth visible.')}<div style="display:none">${P('Hidden.')}</div><p hidden>Hidden attribute text, long enough to be a paragraph of its own here.</p></article>
      <div id="comments" class="comments-area">${P('Comment one.')}${P('Comment two.')}</div>`);
    const r = extractArticle(html, url);
    expect(r.text).toContain('Also visible.');
    expect(r.text).not.toContain('Hidden');
    expect(r.text).not.toContain('Comment one.');
  });
});

describe('blocks and markdown', () => {
  it('types headings, lists, quotes, tables and code', () => {
    const html = page(
      `<article><h1>Headline of the piece</h1>${P('Lead.')}<h2>Section two</h2>${P('More.')}
      <ul><li>First item</li><li>Second item</li></ul><blockquote><p>A quoted sentence of some length.</p></blockquote>
      <table><tr><th>Name</th><th>Value</th></tr><tr><td>alpha</td><td>1</td></tr></table>
      <pre>const x = 1;\n  return x;</pre>${P('Tail.')}</article>`,
      '<meta property="og:title" content="Headline of the piece">',
    );
    const r = extractArticle(html, url);
    expect(r.title).toBe('Headline of the piece');
    const types = r.blocks.map((b) => b.type);
    expect(types).toEqual(['paragraph', 'heading', 'paragraph', 'list', 'quote', 'table', 'code', 'paragraph']);
    expect(r.blocks[1]).toMatchObject({ type: 'heading', level: 2, text: 'Section two' });
    expect(r.blocks[3]!.items).toEqual(['First item', 'Second item']);
    expect(r.blocks.find((b) => b.type === 'code')!.text).toBe('const x = 1;\n  return x;');
    expect(r.markdown).toContain('## Section two');
    expect(r.markdown).toContain('- First item\n- Second item');
    expect(r.markdown).toContain('> A quoted sentence');
    expect(r.markdown).toContain('| Name | Value |\n| --- | --- |\n| alpha | 1 |');
    expect(r.markdown).toContain('```\nconst x = 1;\n  return x;\n```');
    expect(r.text).toBe(r.blocks.map((b) => b.text).join('\n\n'));
    expect(r.text).not.toContain('Headline of the piece'); // it is the title, not a body block
  });

  it('keeps inline markup together and splits <br><br> paragraphs', () => {
    const html = page(
      `<div class="post">${P('Start.')}<div>Wo<b>rd</b> joined, and a line<br>break stays, then a long paragraph follows here with words.<br><br>Second paragraph after a double break, also long enough to count.</div>${P('End.')}</div>`,
    );
    const r = extractArticle(html, url);
    expect(r.text).toContain('Word joined, and a line\nbreak stays');
    expect(r.blocks.some((b) => b.text.startsWith('Second paragraph after'))).toBe(true);
  });
});

describe('images, captions, links', () => {
  it('moves captions and credits to images', () => {
    const html = page(`<article>${P('One.')}<figure><img src="/img/a.jpg" alt="A harbour" width="800"><figcaption>The harbour at dawn. Photo: Jane Doe</figcaption></figure>${P('Two.')}
      <img src="/pixel.gif" width="1" height="1"><img data-src="/img/lazy.jpg" src="data:image/gif;base64,R0lGOD" alt="lazy"></article>`);
    const r = extractArticle(html, url);
    expect(r.text).not.toContain('The harbour at dawn');
    expect(r.images).toEqual([
      { src: 'https://news.example.com/img/a.jpg', alt: 'A harbour', caption: 'The harbour at dawn. Photo: Jane Doe', credit: 'Jane Doe' },
      { src: 'https://news.example.com/img/lazy.jpg', alt: 'lazy', caption: '', credit: '' },
    ]);
  });

  it('resolves, filters and deduplicates links', () => {
    const html = page(
      `<base href="https://cdn.example.com/base/"><article>${P('x')}<a href="rel/page">rel</a> <a href="rel/page#frag">again</a> <a href="javascript:void(0)">js</a> <a href="mailto:a@b.c">mail</a> <a href="HTTPS://WWW.Example.COM/Up">up</a></article>`,
    );
    const r = extractArticle(html, url);
    expect(r.links).toEqual([
      { url: 'https://cdn.example.com/base/rel/page', text: 'rel' },
      { url: 'https://www.example.com/Up', text: 'up' },
    ]);
  });
});

describe('block filters', () => {
  it('recognise credits, datelines, lead-ins and stray labels', () => {
    expect(isCredit('Foto: dpa/Picture Alliance')).toBe(true);
    expect(isCredit('© Reuters')).toBe(true);
    expect(isCredit('Source: the author is a senior research associate at an institute in Brussels, Belgium')).toBe(false);
    expect(isDateLine('23.10.2018')).toBe(true);
    expect(isDateLine('May 19, 2020 | By Jane Doe')).toBe(true);
    expect(isDateLine('On 19 May 2020 the council met and decided to postpone the vote.')).toBe(false);
    expect(isLeadIn('Related articles', true)).toBe(true);
  });

  it('take a dateline that ends in a unit abbreviation (reading time, hour) for a dateline', () => {
    expect(isDateLine('Updated 12.03.2025 - 09:40 Reading time: 4 min.')).toBe(true);
    expect(isDateLine('12/03/2025 Last updated at 09:40h.')).toBe(true);
    expect(isDateLine('The trial ended on 12 March 2025.')).toBe(false);
    expect(isDateLine('On 12.03.2025 the board met again and voted for the plan.')).toBe(false);
    expect(isLeadIn('Read also:', false)).toBe(true);
    expect(isLeadIn('A heading that is a sentence.', true)).toBe(false);
    expect(isStrayLabel('Advertisement')).toBe(true);
    expect(isStrayLabel('It rained.')).toBe(false);
  });
});
