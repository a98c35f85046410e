import { describe, expect, it } from 'vitest';
import { extractArticle, parseHtml } from '../src/index.ts';

const para = (n: number): string => `<p>Paragraph ${n} of the story carries enough words, commas, and detail to count as real article text for the scorer.</p>`;
const article = (n = 6): string => `<html><body><article><h1>Headline</h1>${Array.from({ length: n }, (_, i) => para(i)).join('')}</article></body></html>`;

describe('robustness', () => {
  it('survives 100k nested divs without recursion', () => {
    const depth = 100_000;
    const html = '<html><body>' + '<div>'.repeat(depth) + para(1) + para(2) + para(3) + '</div>'.repeat(depth) + '</body></html>';
    const r = extractArticle(html, 'https://example.com/deep', { timeBudgetMs: 120_000 }); // htmlparser2 itself needs seconds for this depth on a busy machine
    expect(r.text).toContain('Paragraph 1 of the story');
    expect(r.text).toContain('Paragraph 3 of the story');
  });

  it('truncates a 50 MB page to maxChars before parsing', () => {
    const filler = para(0).repeat(Math.ceil(50_000_000 / para(0).length));
    const html = article(3) + filler;
    expect(html.length).toBeGreaterThan(50_000_000);
    const t0 = performance.now();
    const r = extractArticle(html, 'https://example.com/huge', { maxChars: 200_000 });
    expect(performance.now() - t0).toBeLessThan(20_000); // generous: CI machines are shared
    expect(r.text).toContain('Paragraph 2 of the story');
    expect(r.text.length).toBeLessThan(200_000);
  });

  it('returns reason "timeout" when the budget is exhausted', () => {
    const html = '<html><body>' + '<div><span>x</span></div>'.repeat(20_000) + '</body></html>';
    const r = extractArticle(html, 'https://example.com/slow', { timeBudgetMs: 0 });
    expect(r.reason).toBe('timeout');
  });

  it('handles malformed HTML (unclosed tags, stray closers, broken attributes)', () => {
    const html = `<html><body><div class="content"><p>First paragraph of a broken page, with enough words to be article text, really.<p>Second paragraph <b>bold <i>and italic</b> still going, with commas, and more words here.</i></div></span></td><p a="unterminated>Third paragraph that follows a broken attribute and keeps going for a while, okay.<div <<>> </body>`;
    const r = extractArticle(html, 'https://example.com/broken');
    expect(r.text).toContain('First paragraph of a broken page');
    expect(r.text).toContain('Second paragraph bold and italic still going');
  });

  it('refuses binary junk', () => {
    let junk = '';
    for (let i = 0; i < 20_000; i++) junk += String.fromCharCode((i * 7919) % 256);
    const r = extractArticle(junk, 'https://example.com/bin');
    expect(r.text).toBe('');
    expect(r.reason).toBe('not-html');
  });

  it('reports empty input and plain text', () => {
    expect(extractArticle('', 'https://example.com/').reason).toBe('empty-input');
    expect(extractArticle('   \n\t ', 'https://example.com/').reason).toBe('empty-input');
    expect(extractArticle('just some words, no markup at all', 'https://example.com/').reason).toBe('not-html');
  });

  it('returns no-article for pages without article text', () => {
    const html = `<html><body><nav><a href="/a">Home</a> <a href="/b">About</a></nav><form><input name="q"><button>Go</button></form><footer>© 2024</footer></body></html>`;
    const r = extractArticle(html, 'https://example.com/');
    expect(r.text).toBe('');
    expect(r.reason).toBe('no-article');
    expect(r.links.map((l) => l.url)).toEqual(['https://example.com/a', 'https://example.com/b']);
  });

  it('never throws, even on hostile input types or URLs', () => {
    expect(() => extractArticle(article(), 'not a url')).not.toThrow();
    expect(extractArticle(article(), 'not a url').text).toContain('Paragraph 1');
    expect(() => extractArticle(null as unknown as string, 'https://example.com/')).not.toThrow();
    expect(() => extractArticle('<html>' + '<table><tr><td>'.repeat(5000), 'https://example.com/')).not.toThrow();
  });

  it('does not mutate a Document passed in', () => {
    const doc = parseHtml(article());
    const before = JSON.stringify(
      doc.children.map(function ser(n): unknown {
        return 'children' in n ? [(n as { name?: string }).name, (n as { children: unknown[] }).children.length] : (n as { data?: string }).data;
      }),
    );
    const r1 = extractArticle(doc, 'https://example.com/x');
    const r2 = extractArticle(doc, 'https://example.com/x');
    expect(r1.text).toBe(r2.text);
    const after = JSON.stringify(
      doc.children.map(function ser(n): unknown {
        return 'children' in n ? [(n as { name?: string }).name, (n as { children: unknown[] }).children.length] : (n as { data?: string }).data;
      }),
    );
    expect(after).toBe(before);
    expect(r1.stats.parseMs).toBe(0);
  });
});
