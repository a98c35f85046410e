import { describe, expect, it } from 'vitest';
import { pickTitle, siteLabels, stripSiteName } from '../src/title.ts';
import { extract } from './helpers.ts';

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
  it('matches a site name to a host that spells its umlauts out', () => {
    expect(stripSiteName('Zinsen steigen erneut | Börsen-Zeitung', siteLabels([null], 'https://www.boersen-zeitung.de/x'))).toBe('Zinsen steigen erneut');
  });
  it("reads the Korean 'ㅣ' as a separator", () => {
    expect(stripSiteName('대통령 국회 연설 내용 정리ㅣ한국일보', siteLabels(['한국일보'], 'https://www.hankookilbo.com/x'))).toBe('대통령 국회 연설 내용 정리');
  });
  it('never strips everything', () => expect(stripSiteName('Spiegel', labels)).toBe('Spiegel'));
  it("strips a last segment that is the site's full name, ending in its host's word", () => {
    const host = siteLabels([null], 'https://www.abendpost.example/2024/x');
    expect(stripSiteName('Council approves the new bridge - Die Kleine Nordtaler Abendpost', host)).toBe('Council approves the new bridge');
    // a first segment holding the host's word among many others is a headline
    expect(stripSiteName('Die Kleine Nordtaler Abendpost feiert - Council approves', host)).toBe('Die Kleine Nordtaler Abendpost feiert - Council approves');
  });
  it("keeps a first segment that mentions the site's name but is longer than the rest", () => {
    const blog = siteLabels(['Annas Reiseblog'], 'https://blog.example.org/x');
    expect(stripSiteName('Herbstwanderung zum Bergsee @ Annas Reiseblog :: Blogplattform', blog)).toBe('Herbstwanderung zum Bergsee @ Annas Reiseblog :: Blogplattform');
    expect(stripSiteName('Annas Reiseblog Spezial :: Herbstwanderung zum Bergsee im Oktober', blog)).toBe('Herbstwanderung zum Bergsee im Oktober');
  });
  it("strips the page's section glued on by a bare hyphen once the site is gone", () => {
    expect(stripSiteName('시장 선거 결과 발표-정치ㅣ예시일보', siteLabels(['예시일보'], 'https://www.yesiilbo.example/x'), '정치')).toBe('시장 선거 결과 발표');
    // a hyphen after a Latin letter joins a compound word
    expect(stripSiteName('Council votes on e-Tech | Example', siteLabels(['Example'], 'https://example.org/x'), 'Tech')).toBe('Council votes on e-Tech');
  });
  it("strips the site's name and the tagline after it", () => {
    const host = siteLabels([null], 'https://www.angler-post.example/de/x');
    expect(stripSiteName('Pike season opens on the lake | angler-post.example | Your weekly fishing magazine', host)).toBe('Pike season opens on the lake');
    // a segment merely holding the name may be the story's own
    const named = siteLabels(['Der Spiegel'], 'https://www.spiegel.de/x');
    expect(stripSiteName('Rückblick - Spiegel-Affäre - Die Chronik', named)).toBe('Rückblick - Spiegel-Affäre - Die Chronik');
  });
  it("reads '_' before CJK text as a separator", () => {
    expect(stripSiteName('市场消息今日发布_科技_示例网', siteLabels(['示例网'], 'https://www.shili.example/x'), '科技')).toBe('市场消息今日发布');
    expect(stripSiteName('Release notes for my_package | Example', siteLabels(['Example'], 'https://example.org/x'))).toBe('Release notes for my_package');
  });
});

const c = (title: string | null, weight: number, visible = false) => ({ title, weight, raw: title, visible });

describe('pickTitle', () => {
  it('lets agreeing sources outvote a single one', () => {
    expect(pickTitle([c('SEO title', 3), c('Real headline', 3), c('Real headline', 2)])).toBe('Real headline');
  });
  it('breaks ties in source order', () => expect(pickTitle([c('Alpha', 2), c('Beta', 2)])).toBe('Alpha'));
  it('returns null without candidates', () => expect(pickTitle([c(null, 3)])).toBeNull());
  it('counts a source framing the visible headline with affixes at half its weight', () => {
    const framed = { title: 'Topic: Flood waters reach the old town', weight: 4, raw: 'Topic: Flood waters reach the old town | City - Site' };
    expect(pickTitle([framed, c('Flood waters reach the old town', 3), c('Flood waters reach the old town', 2, true)])).toBe('Flood waters reach the old town');
    // without the visible flag the framing source does not vote for it
    expect(pickTitle([framed, c('Flood waters reach the old town', 3)])).toBe('Topic: Flood waters reach the old town');
  });
});

describe('extractMetadata: site-only titles', () => {
  it("gives little weight to an og:title that is the site's whole name, even when stripping leaves a piece of it", () => {
    const md = extract(`<html><head>
      <meta property="og:site_name" content="Union of Example Towns - UET">
      <meta property="og:title" content="Union of Example Towns - UET">
      <title>Harbour reopens after the storm</title>
      </head><body><article><h1>Harbour reopens after the storm</h1><p>Text.</p></article></body></html>`);
    expect(md.title).toBe('Harbour reopens after the storm');
  });
});
