import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/economy/2023/growth';

const paras = [
  'The economy stagnated in the first quarter while its neighbours grew, the statistics office said on Friday, revising an earlier estimate that had shown a small gain for the period.',
  'Economists had expected a modest rise after a weak winter, but household spending fell again as prices kept climbing faster than wages for most of the working population.',
  'Exports held up better than expected, helped by strong demand for machinery from abroad, yet they could not make up for the weakness of consumption and of construction.',
  'Most banks now expect growth to remain close to zero for the rest of the year, and several of them cut their forecasts for the next two years within hours of the release.',
];

// Ad slots between paragraphs each carry the same short label. A lone label before a paragraph is
// a bold pseudo-heading and stays; the same label recurring before every slot is template.
describe('short labels before paragraphs', () => {
  it('are dropped when the same label recurs through the article', () => {
    const html = `<html><body><article><h1>Growth stalls</h1>${paras.map((p) => `<div><div>Advertisement</div><div class="slot"></div></div><p>${p}</p>`).join('')}</article></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text.split('\n\n')).toEqual(paras);
  });

  it('are kept once, as a pseudo-heading', () => {
    const html = `<html><body><article><h1>Growth stalls</h1><p>${paras[0]}</p><p><b>What comes next</b></p>${paras
      .slice(1)
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text.split('\n\n')).toEqual([paras[0], 'What comes next', ...paras.slice(1)]);
  });
});
