import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const html = readFileSync(new URL('./fixtures/seed-article.html', import.meta.url), 'utf8');
const url = 'https://www.commonspace.eu/opinion/opinion-central-asia-treading-carefully-after-wagners-mutiny-russia';
const teaserA = 'Borrell tells the European Parliament that the situation in Afghanistan was critical, but the EU will remain engaged';
const teaserB = 'European Commission launches a Global Alliance to Counter Migrant Smuggling';

const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

describe('seed article page (sidebar teasers repeated under "Related articles" and "Popular")', () => {
  const r = extractArticle(html, url);

  it('finds the headline', () => {
    expect(r.title).toBe("Opinion: Central Asia is treading carefully after Wagner's mutiny in Russia");
  });

  it('keeps the article paragraphs, lead and closing note', () => {
    expect(r.text).toContain('As Russia tries to manage its internal challenges');
    expect(r.text).toContain('While the speculation over Vladimir Putin');
    expect(r.text).toContain('On the other hand, the EU and the wider West');
    expect(r.text).toContain('Junior Research Associate at LINKS Europe');
    expect(r.blocks.filter((b) => b.type === 'paragraph').length).toBeGreaterThanOrEqual(10);
  });

  it('keeps teasers, navigation, share buttons and the footer out of the body', () => {
    for (const s of [
      teaserA,
      teaserB,
      'Criminal networks take advantage',
      'Borrell underlined',
      'Related articles',
      'Popular',
      "Editor's choice",
      'Share on Twitter',
      'Privacy policy',
      'All rights reserved',
      'South Caucasus',
    ]) {
      expect(r.text, s).not.toContain(s);
    }
    expect(r.markdown).not.toContain(teaserB);
  });

  it('lists each teaser exactly once in related, deduplicated by normalised URL', () => {
    expect(r.related.map((x) => x.title)).toEqual([teaserA, teaserB]);
    expect(r.related.filter((x) => x.title === teaserB)).toHaveLength(1);
    expect(r.related.map((x) => x.url)).toEqual([
      'https://www.commonspace.eu/news/borrell-tells-european-parliament-situation-afghanistan-was-critical-eu-will-remain-engaged',
      'https://www.commonspace.eu/news/european-commission-launches-global-alliance-counter-migrant-smuggling',
    ]);
  });

  it('does not repeat any block in the output', () => {
    const fps = r.blocks.map((b) => b.fingerprint);
    expect(new Set(fps).size).toBe(fps.length);
    expect(count(r.text, 'Central Asian countries are treading carefully, prioritising stability')).toBe(2); // lead + closing paragraph are distinct in the source
  });

  it('reports links, images and template fingerprints', () => {
    expect(r.links.some((l) => l.url === 'https://www.commonspace.eu/about-us')).toBe(true);
    expect(r.links.every((l) => /^https?:\/\//.test(l.url) && !l.url.includes('#'))).toBe(true);
    expect(new Set(r.links.map((l) => l.url)).size).toBe(r.links.length);
    expect(r.images[0]).toMatchObject({ alt: 'Central Asian leaders at a summit', credit: 'Getty Images' });
    expect(r.images[0]!.src).toBe('https://www.commonspace.eu/sites/default/files/styles/article/public/2023-07/central-asia-leaders.jpg');
    expect(r.boilerplateFingerprints.length).toBeGreaterThan(r.blocks.length);
    expect(r.reason).toBeUndefined();
  });

  it('drops blocks the template hook marks as boilerplate', () => {
    const disclaimer = r.blocks.find((b) => b.text.startsWith('The views expressed'))!;
    const again = extractArticle(html, url, { isBoilerplate: (fp) => fp === disclaimer.fingerprint });
    expect(again.text).not.toContain('The views expressed');
    expect(again.stats.blocksRemovedByTemplate).toBeGreaterThanOrEqual(1);
  });
});
