import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/city/2024/03/new-library-opens';

const paras = [
  'The new city library opened on Saturday morning after four years of building work, and several hundred people were already waiting at the doors when the mayor cut the ribbon.',
  'The building holds twice as many books as the old one, a café on the roof and a hall for readings and concerts that local groups can book free of charge in the evenings.',
  'Librarians said that more than a thousand new cards were issued on the first day alone, most of them to families who live in the new districts on the east side of the river.',
];

const summary = (i: number): string =>
  `Summary ${i}: the council agreed on a plan for the harbour district that keeps the old warehouses, adds flats for about two thousand people and moves the ferry terminal a little further to the north, where the water is deeper and the ships can turn more easily.`;

// A stream of "more news" cards inside the article container: each a headline link and a summary
// too long for a lone teaser card.
const stream = (n: number): string =>
  `<ul>${Array.from({ length: n }, (_, i) => `<li><div><h3><a href="/city/2024/03/story-${i}">Headline of another story number ${i} from the city desk</a></h3><p>${summary(i)}</p></div></li>`).join('')}</ul>`;

describe('teaser streams inside the article container', () => {
  it('are left out when they repeat the card shape', () => {
    const html = `<html><body><main><h1>New library opens</h1>${paras.map((p) => `<p>${p}</p>`).join('')}${stream(4)}</main></body></html>`;
    expect(extractArticle(html, url).text.split('\n\n')).toEqual(paras);
  });

  it('a single such card stays (no repetition, no stream)', () => {
    const html = `<html><body><main><h1>New library opens</h1>${paras.map((p) => `<p>${p}</p>`).join('')}${stream(1)}</main></body></html>`;
    expect(extractArticle(html, url).text).toContain(summary(0));
  });

  it('items whose link sits inside their text are prose, not teasers', () => {
    const items = Array.from(
      { length: 4 },
      (_, i) =>
        `<li><p>Branch ${i} keeps its opening hours, and the <a href="/branches/${i}">branch page</a> lists the reading groups, the language courses and the exhibitions that will move there from the old building over the next few months.</p></li>`,
    );
    const html = `<html><body><main><h1>New library opens</h1>${paras.map((p) => `<p>${p}</p>`).join('')}<ul>${items.join('')}</ul></main></body></html>`;
    expect(extractArticle(html, url).text).toContain('Branch 3 keeps its opening hours');
  });

  it('a page that is only the stream (a hub) keeps it', () => {
    const html = `<html><body><main><h1>City news</h1>${stream(5)}</main></body></html>`;
    expect(extractArticle(html, url).text).toContain(summary(4));
  });
});
