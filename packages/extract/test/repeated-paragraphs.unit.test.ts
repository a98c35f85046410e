import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://blog.example.net/2025/notes';
const refrain = 'We walked along the river again, counting the bridges, the herons, and the slow barges that passed under them.';
const other = (n: number): string => `<p>Paragraph ${n} tells a different part of the story, with its own clauses, commas, and enough words to count.</p>`;
const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

describe('repeated paragraphs', () => {
  it('keeps a long paragraph the author repeats among its siblings', () => {
    const html = `<html><body><article><h1>Notes</h1><p>${refrain}</p>${other(1)}<p>${refrain}</p>${other(2)}<p>${refrain}</p></article></body></html>`;
    const r = extractArticle(html, url);
    expect(count(r.text, refrain)).toBe(3);
    expect(r.text).toContain('Paragraph 2');
  });

  it('keeps the repeat when the article is split into sibling wrappers', () => {
    const html = `<html><body><article><h1>Notes</h1><div>${other(1)}<p>${refrain}</p></div><h2>Later</h2><div>${other(2)}<p>${refrain}</p></div></article></body></html>`;
    expect(count(extractArticle(html, url).text, refrain)).toBe(2);
  });

  it('still drops a copy of the paragraph in another container', () => {
    const html = `<html><body><article><div class="body"><p>${refrain}</p>${other(1)}${other(2)}${other(3)}</div>
      <blockquote class="pull"><p>${refrain}</p></blockquote>${other(4)}</article></body></html>`;
    expect(count(extractArticle(html, url).text, refrain)).toBe(1);
  });

  it('still drops short repeated lines among siblings', () => {
    const html = `<html><body><article>${other(1)}<p>Advertisement</p>${other(2)}<p>Advertisement</p>${other(3)}</article></body></html>`;
    expect(count(extractArticle(html, url).text, 'Advertisement')).toBeLessThanOrEqual(1);
  });
});
