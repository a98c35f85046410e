import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.com/2025/story';
const P = (n: number): string => `<p>Paragraph ${n} of the story carries enough words, commas, and clauses to read as article prose.</p>`;

describe('<noscript>', () => {
  it('drops escaped markup left in it by a page saved with scripts on', () => {
    const pixel = '&lt;div style="position:absolute"&gt;&lt;img width=1 height=1 src="https://t.example.com/p.gif?id=1234567890"&gt;&lt;/div&gt;';
    const html = `<html><body><article>${P(1)}<noscript>${pixel}</noscript>${P(2)}<noscript>${pixel.replace('1234', '5678')}</noscript>${P(3)}</article></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text).toContain('Paragraph 3');
    expect(r.text).not.toContain('<img');
    expect(r.text).not.toContain('position:absolute');
  });

  it('keeps real text that a script-less reader sees there', () => {
    const html = `<html><body><noscript><article><h1>Headline</h1>${P(1)}${P(2)}${P(3)}</article></noscript></body></html>`;
    expect(extractArticle(html, url).text).toContain('Paragraph 2');
  });
});
