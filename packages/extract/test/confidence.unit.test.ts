import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const P = [
  'The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a debate that has lasted almost a decade.',
  'Construction is expected to begin next spring, and the first trams could run on the new section within three years, officials said.',
  'Residents of the northern districts have long complained that buses are slow and crowded, especially during the morning rush hour.',
  'The project will cost an estimated 240 million euros, most of it paid from a national fund for urban transport, the mayor told reporters.',
  'Opposition members criticised the plan as too expensive but said they would not try to block it once the funding was confirmed.',
];
const article = (title: string, meta = '') =>
  `<html><head><title>${title} | City News</title>${meta}</head><body><nav>${['Home', 'Politics', 'Sport', 'Culture'].map((x) => `<a href="/${x}">${x}</a>`).join(' ')}</nav><article><h1>${title}</h1>${P.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
const index = `<html><head><title>Latest news</title></head><body><main>${Array.from({ length: 30 }, (_, i) => `<div class="item"><a href="/story-${i}">Story number ${i} about the council and the tram line today</a></div>`).join('')}</main></body></html>`;

describe('extraction confidence', () => {
  it('is high for a clean article, low for a link list, 0 with no text', () => {
    const good = extractArticle(article('Council extends the tram line north'), 'https://news.example.org/a');
    expect(good.confidence).toBeGreaterThan(0.75);
    expect(good.confidence).toBeLessThanOrEqual(1);
    const links = extractArticle(index, 'https://news.example.org/');
    expect(links.confidence).toBeLessThan(0.45);
    expect(extractArticle('<html><body></body></html>', 'https://x.org/').confidence).toBe(0);
  });

  it('agreement with the metadata counts: a standfirst about something else lowers it', () => {
    const html = article('Council extends the tram line north');
    const agree = extractArticle(html, 'https://x.org/a', {
      metadata: { title: 'Council extends the tram line north', description: 'The tram line will reach the northern suburbs, the council decided.' },
    });
    const disagree = extractArticle(html, 'https://x.org/a', { metadata: { title: 'Football: United win the derby', description: 'A late goal settled the match in front of a sold-out stadium.' } });
    expect(agree.confidence).toBeGreaterThan(disagree.confidence + 0.1);
  });

  it('a short article is less certain than a long one', () => {
    const short = extractArticle(`<html><body><article><h1>Short</h1><p>${P[0]}</p></article></body></html>`, 'https://x.org/s');
    const long = extractArticle(article('Council extends the tram line north'), 'https://x.org/l');
    expect(short.confidence).toBeGreaterThan(0);
    expect(short.confidence).toBeLessThan(long.confidence);
  });
});
