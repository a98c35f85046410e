import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://docs.example.org/stub';

// Pages whose text is all short lines: no paragraph is long enough to vote for a container.
describe('pages without a paragraph long enough to score', () => {
  const lines = [
    'Draft notes for the spring release of the tool',
    'Install it with the package manager of your system',
    'Run the setup once and answer its three questions',
    'Read the changelog before upgrading an old installation',
    'Report problems on the tracker with the version you run',
  ];

  it('return their text rather than nothing when there is more than a line or two', () => {
    const r = extractArticle(`<html><head><title>Stub</title></head><body>${lines.map((l) => `<div>${l}</div>`).join('')}</body></html>`, url);
    expect(r.text.split('\n\n')).toEqual(lines);
    expect(r.reason).toBeUndefined();
  });

  it('return nothing for a line or two (a hub, a stub, a form page), so no document is made of it', () => {
    const r = extractArticle('<html><head><title>Stub</title></head><body>\n  Draft\n</body></html>', url);
    expect(r.text).toBe('');
    expect(r.reason).toBe('no-article');
  });

  it('make nothing of a page of two headings and their images', () => {
    const r = extractArticle('<html><body><article><h2>Step one</h2><img src="a.png"><h2>Step two</h2><img src="b.png"></article></body></html>', url);
    expect(r.text).toBe('');
  });

  it('still leave out navigation, forms and footers', () => {
    const r = extractArticle(
      `<html><body><nav><a href="/a">Home</a> <a href="/b">About</a></nav>${lines.map((l) => `<p>${l}</p>`).join('')}<form><label>Email</label><input></form><footer>© Example</footer></body></html>`,
      url,
    );
    expect(r.text.split('\n\n')).toEqual(lines);
  });
});
