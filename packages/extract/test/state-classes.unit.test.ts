import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.com/2025/04/story';
const P = (n: number): string => `<p>Paragraph ${n} of the report, with names, places, and figures in a long and ordinary sentence.</p>`;
const many = (from: number, n: number): string => Array.from({ length: n }, (_, i) => P(from + i)).join('');

describe('state classes (no-caption, has-sidebar)', () => {
  it('do not mark the element as the template box they name', () => {
    const html = `<html><body><article><h1>Story</h1>${many(1, 6)}<div class="item no-caption">${many(7, 3)}</div><div class="has_comments">${many(10, 2)}</div>${many(12, 3)}</article></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text).toContain('Paragraph 8 ');
    expect(r.text).toContain('Paragraph 11 ');
  });

  it('leave the box words themselves working', () => {
    const html = `<html><body><article><h1>Story</h1>${many(1, 6)}<div class="photo-caption">${P(90)}</div>${many(7, 3)}</article></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('Paragraph 90 ');
  });
});
