import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/2022/05/anniversary';

const paras = [
  'Relatives of the victims gathered in front of the courthouse on Wednesday to mark ten months since the fire, and to ask again why the trial has still not been given a date.',
  'The prosecutor said that the investigation was complete and that the file had been sent to the court in March, but that the judges had asked for two further expert reports.',
];
const story =
  'This Wednesday, ten months after the fire, the families met the prosecutor for the first time. They were told that the two reports would be ready by the end of the summer, that the trial could open in the autumn, and that the owners of the building would be charged with negligence. Several of them said afterwards that they did not believe the dates, because they had been given other dates twice before, and that they would keep meeting in front of the court every month, as they have since the autumn, until the trial begins.';

// Captions belong to `images`, but some pages set whole paragraphs of the story in the
// <figcaption> under a photo: text that long is the article, not a caption.
describe('figcaptions', () => {
  const page = (cap: string): string =>
    `<html><body><article><h1>Ten months on</h1><p>${paras[0]}</p><figure><img src="/a.jpg"><figcaption>${cap}</figcaption></figure><p>${paras[1]}</p></article></body></html>`;

  it('are kept in the body when they hold paragraphs of the story', () => {
    expect(extractArticle(page(story), url).text.split('\n\n')).toEqual([paras[0], story, paras[1]]);
  });

  it('stay out of the body when they are captions', () => {
    expect(extractArticle(page('Relatives in front of the courthouse on Wednesday.'), url).text.split('\n\n')).toEqual(paras);
  });
});
