import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.com/2025/03/story';
const P = (s: string): string => `<p>${s} The report goes on with names, places, and figures that make a long, ordinary sentence of news.</p>`;
const many = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => P(`${prefix} ${i + 1}.`)).join('');

describe('a box named for links (read-more, related, share)', () => {
  it('that holds the rest of the story as unlinked prose is kept', () => {
    const html = `<html><body><div class="story"><h1>Story</h1>${many('Opening', 12)}<div id="read-more">${many('Continued', 11)}</div></div></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text).toContain('Continued 11.');
  });

  it('that holds teaser links is still excluded', () => {
    const teasers = Array.from({ length: 8 }, (_, i) => `<li><a href="/2025/03/other-${i}">Another headline number ${i + 1} from the same site</a></li>`).join('');
    const html = `<html><body><div class="story"><h1>Story</h1>${many('Body', 6)}<div class="related-stories"><ul>${teasers}</ul></div></div></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('Another headline');
  });

  it('is still excluded when the tag itself is template (<aside>)', () => {
    const html = `<html><body><div class="story"><h1>Story</h1>${many('Body', 12)}</div><aside class="related">${many('Aside', 8)}</aside></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('Aside 3.');
  });
});
