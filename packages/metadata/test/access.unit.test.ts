import { describe, expect, it } from 'vitest';
import { parseRobots } from '../src/index.ts';
import { extract } from './helpers.ts';

const ld = (o: object) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', ...o })}</script>`;
const page = (head: string) => `<!doctype html><html><head><title>Story</title>${head}</head><body><h1>Story</h1></body></html>`;

describe('paywall markers', () => {
  it('reads isAccessibleForFree and the paywalled parts from the article node', () => {
    const m = extract(
      page(
        ld({
          '@type': 'NewsArticle',
          headline: 'Story',
          isAccessibleForFree: false,
          hasPart: [
            { '@type': 'WebPageElement', isAccessibleForFree: 'False', cssSelector: '.paywall' },
            { '@type': 'WebPageElement', isAccessibleForFree: true, cssSelector: '.teaser' },
          ],
        }),
      ),
    );
    expect(m.access).toEqual({ accessibleForFree: false, paywalledSelectors: ['.paywall'] });
  });

  it('a paywalled part alone means the page is not free; the WebPage node may carry the flag', () => {
    expect(extract(page(ld({ '@type': 'NewsArticle', headline: 'Story', hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: ['.a', '.b'] } }))).access).toEqual({
      accessibleForFree: false,
      paywalledSelectors: ['.a', '.b'],
    });
    expect(
      extract(
        page(
          ld({
            '@graph': [
              { '@type': 'WebPage', isAccessibleForFree: 'https://schema.org/True' },
              { '@type': 'NewsArticle', headline: 'Story' },
            ],
          }),
        ),
      ).access.accessibleForFree,
    ).toBe(true);
  });

  it('article:content_tier, and null when the page does not say', () => {
    expect(extract(page('<meta property="article:content_tier" content="locked">')).access.accessibleForFree).toBe(false);
    expect(extract(page('<meta property="article:content_tier" content="free">')).access.accessibleForFree).toBe(true);
    expect(extract(page('')).access).toEqual({ accessibleForFree: null, paywalledSelectors: [] });
  });
});

describe('robots directives', () => {
  it('from the robots meta', () => {
    expect(extract(page('<meta name="robots" content="NOINDEX, follow">')).robots).toMatchObject({ noindex: true, nofollow: false });
    expect(extract(page('<meta name="robots" content="none">')).robots).toMatchObject({ noindex: true, nofollow: true });
    expect(extract(page('<meta name="robots" content="max-snippet:0, max-image-preview:large">')).robots).toMatchObject({ noindex: false, nosnippet: true });
    expect(extract(page('<meta name="description" content="noindex">')).robots.noindex).toBe(false);
  });

  it('X-Robots-Tag: user-agent groups apply only to that agent', () => {
    expect(parseRobots(['otherbot: noindex'])).toMatchObject({ noindex: false });
    expect(parseRobots(['otherbot: noindex', 'nosnippet'])).toMatchObject({ noindex: false, nosnippet: true });
    expect(parseRobots(['ingestbot: noindex, nofollow'], 'IngestBot')).toMatchObject({ noindex: true, nofollow: true });
    expect(parseRobots(['max-snippet: 20, noarchive'])).toMatchObject({ nosnippet: false, noarchive: true });
    expect(parseRobots([null, undefined, ''])).toEqual({ noindex: false, nofollow: false, nosnippet: false, noarchive: false });
  });
});
