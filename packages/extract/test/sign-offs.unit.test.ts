import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://blog.example.org/2024/02/sunday-market';

const paras = [
  'This Sunday I finally went to the flea market by the old station, which I had been meaning to visit for months, and I came home with far more than I had planned to buy.',
  'The best find was a small wooden box with brass corners, which the seller said had belonged to a ship’s carpenter, and which now holds all my sewing things on the shelf.',
  'I also bought two cups with a blue pattern, a stack of postcards from the fifties and a scarf that smells faintly of lavender, all of it for less than twenty euros in total.',
];

const page = (closing: string, title = 'Sunday market finds'): string =>
  `<html><head><title>${title}</title></head><body><article><h1>Sunday market finds</h1><div>${paras.map((p) => `<p>${p}</p>`).join('')}${closing}</div><div><span>Share</span></div></article></body></html>`;

describe('closing lines of a text', () => {
  it('a short last paragraph signed by the author stays', () => {
    expect(extractArticle(page('<p>x Anna</p>'), url).text.split('\n\n')).toEqual([...paras, 'x Anna']);
  });

  it('a last paragraph set wholly in bold is a credit line and goes', () => {
    expect(extractArticle(page('<p><strong>CITY WIRE</strong></p>'), url).text.split('\n\n')).toEqual(paras);
  });

  it('the name from the <title> closing the text is a byline and goes', () => {
    expect(extractArticle(page('<p>Anna Berg</p>', 'Anna Berg on Sunday market finds'), url).text.split('\n\n')).toEqual(paras);
  });
});
