import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/2024/05/hotel-secrets';

const article = [
  'Most travellers expect a hotel room to be cleaned from top to bottom between two guests, and most of the time it is, according to the managers we spoke to for this story.',
  'Blankets and bedspreads are the exception: they are expensive to wash, so many hotels only change them when a stain is visible, which can mean weeks between two washes.',
  'Managers also said that the glasses in the bathroom are often rinsed rather than washed, and that the remote control is the dirtiest object in most rooms they have inspected.',
  'Their advice is simple: ask for fresh bedding when you arrive, use the glasses wrapped in paper, and keep a pack of disinfecting wipes in your luggage for the remote control.',
];

const slides = [
  [
    'Airline profits fall',
    'The national carrier reported a sharp fall in quarterly profits after fuel costs rose again, and its chief executive warned that ticket prices would follow before the summer.',
  ],
  ['Studio expansion', 'The film studio said it had to turn away productions until its five new stages are finished next year, as demand from streaming services keeps growing across the country.'],
  ['Retail sales slow', 'Shoppers bought fewer cars and household goods last month, the statistics office said, the second monthly fall in a row and a larger one than most economists expected.'],
  ['Bank chief resigns', 'The head of the regional bank stepped down after a review of its lending found weak controls, and the board named the finance director as interim chief executive.'],
];

function page(withGallery: boolean): string {
  const gallery = withGallery ? `<div><ul>${slides.map(([h, p], i) => `<li><img src="/s${i}.jpg"><h2>${i + 1}/${slides.length} ${h}</h2><p>${p}</p></li>`).join('')}</ul></div>` : '';
  return `<html><head><title>What hotels do not tell you</title></head><body><div>${article
    .slice(0, 2)
    .map((p) => `<p>${p}</p>`)
    .join('')}${gallery}${article
    .slice(2)
    .map((p) => `<p>${p}</p>`)
    .join('')}</div></body></html>`;
}

// A slideshow widget inside the article container: its slides are numbered "k/N" and caption other
// pictures (here, other stories). Like figcaptions, their text belongs to the images.
describe('slideshows inside the article', () => {
  it('leave their slide captions out of the body', () => {
    const r = extractArticle(page(true), url);
    expect(r.text.split('\n\n')).toEqual(article);
  });

  it('stay when the slides are the article itself', () => {
    const html = `<html><body><div><h1>A year in pictures</h1>${slides
      .map(([h, p], i) => `<figure><img src="/s${i}.jpg"><h2>${i + 1}/${slides.length} ${h}</h2><p>${p}</p></figure>`)
      .join('')}</div></body></html>`;
    const r = extractArticle(html, url);
    for (const [, p] of slides) expect(r.text).toContain(p);
  });
});
