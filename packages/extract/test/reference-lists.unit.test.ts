import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://wiki.example.org/wiki/Time_loop';

const prose = [
  'A time loop is a plot device in which characters relive a span of time, often a single day, over and over, usually with the hope of breaking out of the cycle.',
  'The device became popular in film and television in the 1990s, and it has since been used in novels, video games and anime, often to explore regret, habit and personal change.',
  'Critics have noted that most stories of the kind end when the hero stops trying to exploit the loop and instead learns to live the same day well, for the sake of other people.',
];

// Entries link their title but also carry unlinked authors, dates and publishers.
const refs = [
  ['Fischer, R. (2011).', 'Just how long was the hero stuck in the same day, and how would we ever know', 'Slashfilm.'],
  ['Hartl, J. (1998).', 'The studio will distribute an animated film from Japan in the autumn season', 'The Herald.'],
  ['Caro, J. (2006).', 'Christmas every day: a review of the holiday special that keeps repeating', 'Radio Weekly.'],
  ['Chang, J. (2006).', 'Review of the festival entry that repeats its day until the audience gives up', 'Trade Paper.'],
  ['Li, S. (2009).', 'Triangle is a thriller that loops on the open sea and never lets its heroine go', 'Film Monthly.'],
  ['Lawler, K. (2014).', 'The four best time loop movies, ranked by the fans who watched them too often', 'The Daily.'],
];
const refText = refs.map(([a, title, b]) => `${a} "${title}". ${b}`);

function page(list: string): string {
  return `<html><head><title>Time loop</title></head><body><div id="content"><h1>Time loop</h1>${prose.map((p) => `<p>${p}</p>`).join('')}${list}</div></body></html>`;
}

describe('reference lists inside the article', () => {
  it('are kept although most of each entry is a link', () => {
    const list = `<h2>References</h2><ol>${refs.map(([a, title, b]) => `<li>${a} "<a href="/ext/${title!.length}">${title}</a>". ${b}</li>`).join('')}</ol>`;
    const r = extractArticle(page(list), url);
    for (const e of refText) expect(r.text).toContain(e);
    expect(r.text).toContain('References');
  });

  // A teaser list pairs each headline link with a date only: it stays out.
  it('do not make a list of headlines with dates count as content', () => {
    const heads = refs.map(([, title]) => title!);
    const list = `<h2>More stories</h2><ol>${heads.map((h, i) => `<li><a href="/s/${i}">${h}</a> 3 May 2024</li>`).join('')}</ol>`;
    const r = extractArticle(page(list), url);
    for (const h of heads) expect(r.text).not.toContain(h);
    expect(r.text.split('\n\n')).toEqual(prose);
  });
});
