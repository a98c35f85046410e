import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/economy/2024/04/growth-forecast';

const paras = [
  'The economy is expected to stall again this year, while most neighbouring countries surprised with growth in the first quarter, according to the forecast published on Thursday.',
  'Private consumption will not recover quickly enough to make up for weak exports, the institute said, and investment in machinery has fallen for the third quarter in a row.',
  'The institute now expects growth of a tenth of a percent, down from half a percent in its autumn forecast, and it warned that higher energy prices could push that below zero.',
];

const placeholder = (cls: string): string =>
  `<div class="embed"><div class="embed__title">Listen to our podcast here</div><div class="${cls}"><p>To show embedded content we need your consent to pass personal data to the provider of the player, which may also build usage profiles from cookie identifiers, including outside the European Economic Area.</p></div></div>`;

describe('BEM state modifiers', () => {
  it('an element whose modifier says it is hidden is left out', () => {
    const html = `<html><body><article><h1>Growth forecast cut</h1><p>${paras[0]}</p>${placeholder('embed__body embed__body--is-hidden')}<p>${paras[1]}</p><p>${paras[2]}</p></article></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('embedded content');
  });

  it('other modifiers do not hide anything', () => {
    const html = `<html><body><article><h1>Growth forecast cut</h1><p>${paras[0]}</p>${placeholder('embed__body embed__body--wide')}<p>${paras[1]}</p><p>${paras[2]}</p></article></body></html>`;
    expect(extractArticle(html, url).text).toContain('embedded content');
  });
});
