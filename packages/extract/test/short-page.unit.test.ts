import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://docs.example.org/stub';

// Pages whose text is all short lines: no paragraph is long enough to vote for a container.
describe('pages without a paragraph long enough to score', () => {
  it('return their short text rather than nothing', () => {
    const r = extractArticle('<html><head><title>Stub</title></head><body>\n  Draft\n</body></html>', url);
    expect(r.text).toBe('Draft');
    expect(r.reason).toBeUndefined();
  });

  it('keep headings that close the page', () => {
    const r = extractArticle('<html><body><article><h2>Step one</h2><img src="a.png"><h2>Step two</h2><img src="b.png"></article></body></html>', url);
    expect(r.text).toContain('Step one');
    expect(r.text).toContain('Step two');
  });

  it('still leave out navigation, forms and footers', () => {
    const r = extractArticle(
      '<html><body><nav><a href="/a">Home</a> <a href="/b">About</a></nav><p>Opening soon</p><form><label>Email</label><input></form><footer>© Example</footer></body></html>',
      url,
    );
    expect(r.text).toBe('Opening soon');
  });
});
