import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { confirms, framing, isBreadcrumb, readHeading } from '../src/headline.ts';
import { extract } from './helpers.ts';

function h1(html: string): Element {
  const el = DomUtils.findOne((e) => e.name === 'h1', parseDocument(html).children);
  if (!el) throw new Error('fixture has no h1');
  return el;
}

describe('readHeading', () => {
  it('splits a kicker element from the headline', () => {
    expect(readHeading(h1('<h1> <span>Wahl 2025</span> <span>Die Koalition steht</span> </h1>'))).toEqual({ text: 'Wahl 2025 Die Koalition steht', core: 'Die Koalition steht' });
  });
  it('joins kicker and headline with the separator the page puts between them', () => {
    expect(readHeading(h1('<h1><span>Wahl 2025</span><span class="hide">: </span><span>Die Koalition steht</span></h1>'))).toEqual({
      text: 'Wahl 2025: Die Koalition steht',
      core: 'Die Koalition steht',
    });
  });
  it('reads a heading with loose text between its parts as one headline', () => {
    expect(readHeading(h1('<h1>Why <em>this</em> matters now</h1>'))).toEqual({ text: 'Why this matters now', core: null });
  });
  it('does not take a longer first part for a kicker', () => {
    expect(readHeading(h1('<h1><span>A long first part of the headline</span><span>short end</span></h1>')).core).toBeNull();
  });
});

describe('isBreadcrumb', () => {
  it('flags the last crumb of a list trail', () => {
    expect(isBreadcrumb(h1('<ul><li><a href="/politik/">Politik</a></li><li><h1>Story</h1></li></ul>'))).toBe(true);
  });
  it('flags a heading after a run of links', () => {
    expect(isBreadcrumb(h1('<div><a href="/">Home</a><a href="/news/">News</a><h1>Story</h1></div>'))).toBe(true);
  });
  it('flags a heading after one crumb and a separator', () => {
    expect(isBreadcrumb(h1('<div><a href="/sport/">Sport</a><span class="icon-right"></span><h1>Story</h1></div>'))).toBe(true);
    expect(isBreadcrumb(h1('<div><a href="/sport/">Sport</a> › <h1>Story</h1></div>'))).toBe(true);
  });
  it('leaves a heading after a section link with no separator alone', () => {
    expect(isBreadcrumb(h1('<header><a href="/sport/">Sport</a><h1>Story</h1></header>'))).toBe(false);
  });
  it('flags a heading inside nav', () => expect(isBreadcrumb(h1('<nav><div><h1>Story</h1></div></nav>'))).toBe(true));
  it('leaves an article heading alone', () => {
    expect(isBreadcrumb(h1('<article><a href="/">Back</a><h1>Story</h1><p>Text</p></article>'))).toBe(false);
  });
});

describe('confirms', () => {
  it('accepts the heading itself, punctuation aside', () => expect(confirms('Storm hits “the coast”', 'Storm hits "the coast"')).toBe(true));
  it('accepts the heading framed by separated affixes', () => {
    expect(confirms('Inflation: Prices rise again in May | Economy - The Daily', 'Prices rise again in May')).toBe(true);
    expect(confirms('宮崎県で震度5弱、津波注意報　気象庁：朝日新聞デジタル', '宮崎県で震度5弱、津波注意報　気象庁')).toBe(true);
  });
  it('accepts a two-word heading beside the site name', () => expect(confirms('New Zealand - Wikipedia', 'New Zealand')).toBe(true));
  it('rejects a heading inside running words', () => expect(confirms('Why prices rise again in May', 'prices rise again in May')).toBe(false));
  it('rejects a section label found between separators', () => expect(confirms('Prices rise again - Economy - The Daily', 'Economy')).toBe(false));
});

describe('framing', () => {
  it('tells a heading followed by affixes from one with words before it', () => {
    expect(framing('Prices rise again in May', 'Prices rise again in May')).toBe('same');
    expect(framing('Prices rise again in May | Economy - The Daily', 'Prices rise again in May')).toBe('trailing');
    expect(framing('Inflation: Prices rise again in May | The Daily', 'Prices rise again in May')).toBe('framed');
    expect(framing('Why prices rise again in May', 'prices rise again in May')).toBeNull();
  });
});

describe('extractMetadata: visible headline', () => {
  // a brand the page names nowhere else (no og:site_name, not the host): only the h1 shows it is an affix
  it('takes the h1 over titles that only add a tail after it', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="Ferry service resumes after the storm - Harbour Post">
      <title>Ferry service resumes after the storm - Harbour Post</title>
      </head><body><article><h1>Ferry service resumes after the storm</h1><p>Text.</p></article></body></html>`);
    expect(md.title).toBe('Ferry service resumes after the storm');
  });

  it('keeps the tail when the JSON-LD headline has it too', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="Ferry service resumes after the storm - latest updates">
      <title>Ferry service resumes after the storm - latest updates</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry service resumes after the storm - latest updates"}</script>
      </head><body><article><h1>Ferry service resumes after the storm</h1><p>Text.</p></article></body></html>`);
    expect(md.title).toBe('Ferry service resumes after the storm - latest updates');
  });

  it('drops a date segment from the visible headline as from the metadata titles', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="03.05.2024 - Ferry service resumes after the storm - Harbour Post">
      <title>03.05.2024 - Ferry service resumes after the storm - Harbour Post</title>
      </head><body><article><h1>03.05.2024 - Ferry service resumes after the storm</h1><p>Text.</p></article></body></html>`);
    expect(md.title).toBe('Ferry service resumes after the storm');
  });

  it('prefers the h1 that JSON-LD confirms over an og:title framing it with a kicker and site', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="Heatwave Alert: Schools close early across the region | Region News - The Daily">
      <meta name="twitter:title" content="Heatwave Alert: Schools close early across the region | Region News - The Daily">
      <title>Heatwave Alert: Schools close early across the region | Region News - The Daily</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Schools close early across the region"}</script>
      </head><body><article><h1><span>Schools close early across the region</span></h1></article></body></html>`);
    expect(md.title).toBe('Schools close early across the region');
  });

  it('skips a breadcrumb h1 that repeats the SEO title', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="The headline editors wrote for this story">
      <title>SEO words: the search title of this story | Example</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"SEO words: the search title of this story"}</script>
      </head><body><ul><li><a href="/news/">News</a></li><li><h1>SEO words: the search title of this story</h1></li></ul></body></html>`);
    expect(md.title).toBe('The headline editors wrote for this story');
  });

  it('lets the <title> win over an h1 that shares no words with it', () => {
    expect(extract('<html><head><title>Budget passes after long night</title></head><body><h1>Politics</h1><p>x</p></body></html>').title).toBe('Budget passes after long night');
  });

  it('keeps an h1 that is the only headline source', () => {
    expect(extract('<html><body><h1>Budget passes after long night</h1></body></html>').title).toBe('Budget passes after long night');
  });

  it('joins the kicker as the JSON-LD headline writes it when that headline carries it', () => {
    const md = extract(`<html><head><meta property="og:title" content="Landtag: Budget passes after long night">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Landtag: Budget passes after long night"}</script>
      </head><body><h1><span>Landtag</span> <span>Budget passes after long night</span></h1></body></html>`);
    expect(md.title).toBe('Landtag: Budget passes after long night');
  });

  it('keeps the kicker out when only the SEO and social titles join it', () => {
    const md = extract(`<html><head><meta property="og:title" content="Landtag: Budget passes after long night">
      <title>Landtag: Budget passes after long night | Site</title>
      </head><body><h1><span>Landtag</span> <span>Budget passes after long night</span></h1></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('keeps the kicker out when the metadata carries the headline without it', () => {
    const md = extract(`<html><head><meta property="og:title" content="Other topic words: Budget passes after long night">
      <title>Other topic words: Budget passes after long night - News - Site</title>
      </head><body><h1><span>Landtag</span><span> - </span><span>Budget passes after long night</span></h1></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('keeps a marked kicker out even when the h1 is also the microdata headline', () => {
    const md = extract(`<html><head><meta property="og:title" content="Topic words here: Budget passes after long night">
      <meta name="twitter:title" content="Topic words here: Budget passes after long night">
      <title>Topic words here: Budget passes after long night - News - Site</title>
      </head><body><h1 itemprop="headline"><span>Landtag</span><span> - </span><span>Budget passes after long night</span></h1></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('takes the h1 the metadata confirms, not a logo h1 before it', () => {
    const md = extract(`<html><head><meta property="og:title" content="Budget passes after long night"></head>
      <body><h1><a href="/">Example Times</a> <a href="/news">news</a></h1><h1>Budget passes after long night</h1></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  // One SEO title copied into og, twitter and <title>; the JSON-LD headline is the real one.
  const SEO_HEAD = `<html><head>
      <meta property="og:title" content="Search words about the budget vote tonight">
      <meta name="twitter:title" content="Search words about the budget vote tonight">
      <title>Search words about the budget vote tonight | Example</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget passes after long night"}</script>
      </head>`;

  it('takes the h1 the JSON-LD headline states over one SEO title copied into og, twitter and <title>', () => {
    const md = extract(`${SEO_HEAD}<body><article><h1>Budget passes after long night</h1></article></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('reads the headline from an h2 the metadata confirms when the h1 is a breadcrumb crumb', () => {
    const md = extract(`${SEO_HEAD}<body><ul><li><a href="/politics/">Politics</a></li><li><h1>Search words about the budget vote tonight</h1></li></ul>
      <h2>Weather turns cold this weekend</h2><article><h2>Budget passes after long night</h2></article></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('reads the headline from the h2 under a one-crumb trail whose h1 repeats the SEO title', () => {
    const md = extract(`<html><head>
      <meta property="og:title" content="Budget passes after long night">
      <title>Search words: budget passes after a long night | Example</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Search words: budget passes after a long night"}</script>
      </head><body><article><header><div><a href="/politics/">Politics</a><span class="icon"></span><h1>Search words: budget passes after a long night</h1></div>
      <p>The vote came at dawn</p><h2>Budget passes after long night</h2></header><p>Text.</p></article></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });

  it('takes no h2 the metadata does not confirm: a teaser is no headline', () => {
    const md = extract(`<html><head><meta property="og:title" content="Budget passes after long night"></head>
      <body><ul><li><a href="/politics/">Politics</a></li><li><h1>Budget passes</h1></li></ul><h2>Weather turns cold this weekend</h2></body></html>`);
    expect(md.title).toBe('Budget passes after long night');
  });
});
