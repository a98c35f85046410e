import { describe, expect, it } from 'vitest';
import { diffDocuments, diffWords, textDigest, versionText } from '../src/index.ts';

const doc = (title: string, body: string, extra: Partial<{ authors: string[]; section: string | null }> = {}) => ({
  title,
  body,
  description: null,
  authors: extra.authors ?? ['A. Writer'],
  publishedAt: '2026-01-01T00:00:00Z',
  modifiedAt: null,
  section: extra.section ?? null,
  tags: [],
  language: 'en',
  siteName: null,
  canonicalUrl: 'https://example.org/a',
});

describe('version text and word diffs', () => {
  it('masks digits in short lines only: a changing dateline is noise, a changed figure in prose is not', () => {
    const prose = 'The council said 12 homes were flooded when the river rose overnight and crews worked until dawn to clear the roads.';
    expect(textDigest('T', `Updated 2 December 2026, 14:05\n${prose}`)).toBe(textDigest('T', `Updated 3 December 2026, 09:41\n${prose}`));
    expect(textDigest('T', prose)).not.toBe(textDigest('T', prose.replace('12', '14')));
    expect(textDigest('T', prose)).not.toBe(textDigest('T2', prose));
    expect(versionText('T', 'Views: 1042\n')).toBe('T\nViews: #');
  });

  it('aligns a corrected word and reports it, with title and metadata changes', () => {
    const ops = diffWords('the wall is three metres high and old', 'the wall is four metres high and old');
    expect(ops).toEqual([
      { op: 'equal', text: 'the wall is' },
      { op: 'delete', text: 'three' },
      { op: 'insert', text: 'four' },
      { op: 'equal', text: 'metres high and old' },
    ]);
    const d = diffDocuments(doc('Old title', 'a b c d'), doc('New title', 'a b x c d e', { authors: ['B. Editor'] }));
    expect(d.title).toEqual({ from: 'Old title', to: 'New title' });
    expect(d.fields.map((f) => f.field)).toEqual(['authors']);
    expect(d.summary).toEqual({ titleChanged: true, wordsAdded: 2, wordsRemoved: 0, fieldsChanged: ['authors'] });
  });

  it('stays bounded on long texts that share nothing', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(' ');
    const ops = diffWords(a, b);
    expect(ops.map((o) => o.op)).toEqual(['delete', 'insert']);
  });
});
