import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://sport.example.org/futsal/2025/04/late-draw';

const paras = [
  'After six defeats in a row the home side finally took a point again in its fight against relegation, although a better finish would have given it all three on the night.',
  'The visitors went ahead early when a clearance flew straight into the home goal, and the goalkeeper, who had come forward to cut out the cross, could only watch it roll in.',
  'The equaliser came from the pivot, who turned his marker on the edge of the area and shot low into the corner, and the crowd finally found its voice again after that goal.',
  'A second lead did not last either: with two minutes left a long throw was headed in at the far post, and the draw leaves the team eight points clear of the drop zone.',
];

const page = (articleBody: string): string => {
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Late draw', articleBody });
  return `<html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>Late draw</h1><p>${paras[0]}</p><div class="paywall"><button>Subscribe to read on</button></div></article></body></html>`;
};

describe('the body declared in schema.org data', () => {
  it('replaces a teaser paragraph when it begins the same way and is far longer', () => {
    expect(extractArticle(page(paras.join('\n')), url).text.split('\n\n')).toEqual(paras);
  });

  it('is ignored when it is another text', () => {
    const other = paras.slice(1).join('\n') + '\n' + paras.slice(1).join('\n');
    expect(extractArticle(page(other), url).text).toBe(paras[0]);
  });
});
