import { describe, expect, it } from 'vitest';
import { meiliFilter } from '../src/meili-filter.ts';

describe('meiliFilter', () => {
  it('writes each filter as one clause of an AND', () => {
    expect(
      meiliFilter([
        { field: 'canonicalUrl', op: 'eq', value: 'https://a.example/x.html' },
        { field: 'publishedTs', op: 'gte', value: 1_600_000_000 },
        { field: 'id', op: 'in', values: ['a', 'b'] },
        { field: 'nosnippet', op: 'eq', value: true },
        { field: 'id', op: 'ne', value: 'c' },
      ]),
    ).toEqual(['canonicalUrl = "https://a.example/x.html"', 'publishedTs >= 1600000000', 'id IN ["a", "b"]', 'nosnippet = true', 'id != "c"']);
  });

  it('quotes values so that none can change the expression', () => {
    expect(meiliFilter([{ field: 'authors', op: 'eq', value: 'x" OR id EXISTS OR a = "' }])).toEqual(['authors = "x\\" OR id EXISTS OR a = \\""']);
    expect(() => meiliFilter([{ field: 'version', op: 'gt', value: Number.NaN }])).toThrow(RangeError);
  });
});
