import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://wiki.example.org/List_of_rivers';
const P = (n: number): string => `<p>Paragraph ${n} introduces the table below with enough words, commas, and clauses to be prose.</p>`;
const row = (name: string, year: string, note: string): string => `<tr><td><a href="/wiki/${name}">${name}</a></td><td>${year}</td><td>${note}</td></tr>`;

describe('table cells inside the content', () => {
  const html = `<html><body><article><h1>List of rivers</h1>${P(1)}${P(2)}<table>
    <tr><th>River</th><th>Surveyed</th><th>Note</th></tr>
    ${row('Alderbrook', '1911', 'Mapped from a rowing boat by two surveyors.')}
    ${row('Brackenwater', '1911', 'Joins the estuary below the old mill.')}
    ${row('Cindervale', '1923', 'Dry in most summers since the dam.')}
    </table>${P(3)}</article></body></html>`;
  const r = extractArticle(html, url);

  it('keep a linked name: in a table it is data, not navigation', () => {
    expect(r.text).toContain('Alderbrook');
    expect(r.text).toContain('Cindervale');
  });

  it('keep a value repeated down a column', () => {
    expect(r.text.split('1911').length - 1).toBe(2);
  });

  it('still drop a link list laid out in a cell', () => {
    const nav = `<table><tr><th>Topics</th><td><ul><li><a href="/a">Hydrology</a></li><li><a href="/b">Geography of rivers</a></li><li><a href="/c">Estuaries and deltas</a></li></ul></td></tr></table>`;
    const r2 = extractArticle(html.replace('</article>', nav + '</article>'), url);
    expect(r2.text).not.toContain('Geography of rivers');
  });
});
