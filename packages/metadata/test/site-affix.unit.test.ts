import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { extractMetadata, pageTitleAffixes } from '../src/index.ts';
import { titleAffixes } from '../src/title.ts';

describe('title affixes learned per host', () => {
  it('offers the first and last separated segments of a title', () => {
    expect(titleAffixes('Budget passes after long night – My website')).toEqual(['My website', 'Budget passes after long night']);
    expect(titleAffixes('No separators in this one')).toEqual([]);
  });

  it('reads the <title> and og:title from the head only', () => {
    const doc = parseDocument(`<html><head><title>Story one – My website</title><meta property="og:title" content="Story one | Social name"></head>
      <body><title>not this – Body</title></body></html>`);
    expect(pageTitleAffixes(doc).sort()).toEqual(['My website', 'Social name', 'Story one'].sort());
  });

  it('strips a segment the host shares as a site name', () => {
    const html = '<html><head><title>Budget passes after long night – My website</title></head><body><p>x</p></body></html>';
    expect(extractMetadata(parseDocument(html), 'https://blog.example.org/a').title).toBe('Budget passes after long night – My website');
    expect(extractMetadata(parseDocument(html), 'https://blog.example.org/a', { isSiteAffix: (s) => s === 'My website' }).title).toBe('Budget passes after long night');
  });
});

describe('meta keys', () => {
  it('reads every term of an RDFa property list and Dublin Core in both spellings', () => {
    const md = extractMetadata(
      parseDocument(`<html><head><title>Title element</title><meta property="x:title dc:title" content="Dublin Core headline here">
        <meta property="og:description x:description" content="The description"></head><body><p>x</p></body></html>`),
      'https://example.org/a',
    );
    expect(md.description).toBe('The description');
    expect(md.title).toBe('Dublin Core headline here');
  });
});
