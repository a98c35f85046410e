import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://howto.example.org/garden/moss-terrarium';

const intro = 'A small glass terrarium keeps a piece of the forest on your desk all year, and it needs little more than a jar, some moss, a handful of gravel and an afternoon of patient work.';
const steps = [
  'Wash the jar and let it dry completely before you start.',
  'Pour in a layer of gravel about two fingers deep.',
  'Press the moss gently onto the gravel with a spoon.',
  'Mist the moss with water and close the lid.',
];

const page = (label: (i: number) => string): string =>
  `<html><body><article><h1>Moss terrarium</h1><p>${intro}</p>${steps
    .map((s, i) => `<div class="step"><div class="label">${label(i + 1)}</div><p>${s}</p></div>`)
    .join('')}<p>${intro}</p></article></body></html>`;

describe('numbered labels', () => {
  it('a series of them ("Step 1", "Step 2", …) are pseudo-headings and stay', () => {
    const text = extractArticle(
      page((i) => `Step ${i}`),
      url,
    ).text;
    for (let i = 1; i <= steps.length; i++) expect(text).toContain(`Step ${i}\n\n${steps[i - 1]}`);
  });

  it('a label without a number before a short line is still a stray label', () => {
    const text = extractArticle(
      page(() => 'Tip'),
      url,
    ).text;
    expect(text).not.toContain('Tip');
  });
});
