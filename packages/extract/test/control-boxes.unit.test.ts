import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://tech.example.org/phones/2024/foldables';

const paras = [
  'The next foldable phone is expected in July, and a benchmark that surfaced this week suggests it will use the fastest chip the maker has shipped so far in any of its devices.',
  'The tested unit had eight gigabytes of memory, although a variant with twelve is likely, according to people who have seen the plans for the launch event in the summer.',
  'A larger model with a bigger screen and a built-in stylus is also rumoured, which would make the range more expensive but more useful for people who draw or take notes.',
  'The maker has not commented on any of the details, and it usually keeps quiet until the invitations for its summer event go out, about four weeks before the presentation.',
  'Analysts expect prices to stay close to last year, since memory has become cheaper while the hinge and the inner screen still cost about as much to make as they did before.',
  'Sales of foldables grew by a quarter last year, but they remain a small part of the market, and most buyers still choose a conventional phone with a single flat screen.',
];

const consent =
  '<div><div><div>Recommended editorial content</div><p>Here you will find external content from a video platform that adds to the article. You can show or hide it with one click.</p>' +
  '<div><input type="checkbox" id="allow"><label for="allow">Allow video content</label></div><p>I agree that content from the video platform is shown to me. Personal data may be sent to third parties.</p></div></div>';

// A consent placeholder for an embedded video sits between two paragraphs: its text describes a
// switch, it is not part of the article.
describe('small boxes around form controls', () => {
  it('are left out of the body', () => {
    const html = `<html><body><article><h1>Foldables</h1>${paras
      .slice(0, 2)
      .map((p) => `<p>${p}</p>`)
      .join('')}${consent}${paras
      .slice(2)
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    expect(extractArticle(html, url).text.split('\n\n')).toEqual(paras);
  });

  it('stay when the controls belong to a list (a checklist of ingredients)', () => {
    const items = ['200 g flour', '100 g butter', '2 eggs'];
    const list = `<ul>${items.map((i) => `<li><input type="checkbox"> ${i}</li>`).join('')}</ul>`;
    const html = `<html><body><article><h1>Foldables</h1>${paras.map((p) => `<p>${p}</p>`).join('')}${list}</article></body></html>`;
    const text = extractArticle(html, url).text;
    for (const i of items) expect(text).toContain(i);
  });

  it('stay when the button is only the face of a link', () => {
    const box = '<div><p>The full specification sheet lists every model, its price and the day it goes on sale in each country.</p><a href="/specs"><button>Specifications</button></a></div>';
    const html = `<html><body><article><h1>Foldables</h1>${paras.map((p) => `<p>${p}</p>`).join('')}${box}</article></body></html>`;
    expect(extractArticle(html, url).text).toContain('The full specification sheet lists every model');
  });
});
