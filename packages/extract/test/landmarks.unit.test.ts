import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/world/2024/05/relief-flight';

const paras = [
  'The first relief flight landed shortly before dawn with two hundred passengers on board, most of them travellers who had been stranded in the mountains since the earthquake.',
  'Doctors and psychologists met the passengers at the gate, and a dozen of them were taken to hospital for injuries that had only been treated provisionally until then.',
  'A second aircraft carrying tents, medicine and food reached the capital later in the day, after waiting two days for a free slot at the small and crowded airport.',
  'The foreign ministry said that several hundred citizens had still not been reached, and that it would keep a crisis line open around the clock for their families.',
];

// A live ticker of other news, longer than the article beside it.
const ticker = Array.from(
  { length: 9 },
  (_, i) =>
    `<li><a href="/live/${i}">${10 + i}:05</a><p>Update ${i + 1}: the regional council met again this afternoon to discuss the budget for roads, schools and the hospital, and it postponed the vote on the new bus lines until the next session in the autumn.</p></li>`,
).join('');

describe('landmark elements', () => {
  it('an <aside> that outweighs the article is still left out', () => {
    const html = `<html><body><div class="content"><article><h1>Relief flight lands</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article><aside><h2>Live</h2><ul>${ticker}</ul></aside></div></body></html>`;
    const text = extractArticle(html, url).text;
    expect(text.split('\n\n')).toEqual(paras);
  });

  it('an <aside> around nearly all the text is the page itself', () => {
    const html = `<html><body><div><a href="/">Home</a></div><aside><h1>Relief flight lands</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</aside></body></html>`;
    expect(extractArticle(html, url).text.split('\n\n')).toEqual(paras);
  });
});
