import { describe, expect, it } from 'vitest';
import { chooseCanonical } from '../src/extract/canonical.ts';

describe('chooseCanonical', () => {
  it('honours a canonical on the same site', () => {
    expect(chooseCanonical('https://www.example.co.uk/a?utm_source=x', 'https://example.co.uk/a')).toBe('https://example.co.uk/a');
  });

  it('refuses a canonical that claims another tenant of a hosting platform', () => {
    expect(chooseCanonical('https://alice.github.io/post', 'https://bob.github.io/post')).toBe('https://alice.github.io/post');
    expect(chooseCanonical('https://a.blogspot.com/p', 'https://b.blogspot.com/p')).toBe('https://a.blogspot.com/p');
  });
});
