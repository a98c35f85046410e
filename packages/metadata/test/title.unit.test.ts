import { describe, expect, it } from 'vitest';
import { pickTitle, siteLabels, stripSiteName } from '../src/title.ts';

describe('stripSiteName', () => {
  const labels = siteLabels(['Der Spiegel'], 'https://www.spiegel.de/politik/x');
  it('removes a suffix', () => expect(stripSiteName('Koalition einigt sich | DER SPIEGEL', labels)).toBe('Koalition einigt sich'));
  it('removes a prefix', () => expect(stripSiteName('SPIEGEL: Koalition einigt sich', labels)).toBe('Koalition einigt sich'));
  it('removes the host label and trailing dates', () => {
    expect(stripSiteName('Wahl: Was jetzt? – DW – 13.06.2023', siteLabels([null], 'https://www.dw.com/de/x'))).toBe('Wahl: Was jetzt?');
  });
  it('keeps colons that belong to the headline', () => expect(stripSiteName('Ukraine: Was wir wissen', labels)).toBe('Ukraine: Was wir wissen'));
  it('strips a trailing section name', () => {
    expect(stripSiteName('Storm hits coast - National', siteLabels(['Global News'], 'https://globalnews.ca/x'), 'National')).toBe('Storm hits coast');
  });
  it('never strips everything', () => expect(stripSiteName('Spiegel', labels)).toBe('Spiegel'));
});

describe('pickTitle', () => {
  it('lets agreeing sources outvote a single one', () => {
    expect(
      pickTitle([
        ['SEO title', 3],
        ['Real headline', 3],
        ['Real headline', 2],
      ]),
    ).toBe('Real headline');
  });
  it('breaks ties in source order', () =>
    expect(
      pickTitle([
        ['Alpha', 2],
        ['Beta', 2],
      ]),
    ).toBe('Alpha'));
  it('returns null without candidates', () => expect(pickTitle([[null, 3]])).toBeNull());
});
