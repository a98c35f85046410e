import { describe, expect, it } from 'vitest';
import { dedupeNames, nameFromProfileUrl, splitAuthorString } from '../src/authors.ts';

describe('splitAuthorString', () => {
  const cases: [string, string[]][] = [
    ['By Jane Doe', ['Jane Doe']],
    ['Von Max Muster und Eva Beispiel', ['Max Muster', 'Eva Beispiel']],
    ['Par Jean Dupont et Marie Curie', ['Jean Dupont', 'Marie Curie']],
    ['Por Ana López y Luis García', ['Ana López', 'Luis García']],
    ['Jane Doe, Senior Reporter', ['Jane Doe']],
    ['Jane Doe | jane@example.com', ['Jane Doe']],
    ['Birgit Baumann, Anna Giulia Fink, Jan Michael Marchart', ['Birgit Baumann', 'Anna Giulia Fink', 'Jan Michael Marchart']],
    ['Guardian staff reporter', ['Guardian staff reporter']],
    ['Text: Anna Schmidt (dpa)', ['Anna Schmidt']],
    ['di Marco Rossi', ['Marco Rossi']],
    ['Da Silva', ['Da Silva']],
    ['Autor: Piotr Nowak', ['Piotr Nowak']],
    ['https://example.com/authors/jane', []],
    ['Jane Doe (https://jane.example.org/about/)', ['Jane Doe']],
  ];
  for (const [raw, names] of cases) {
    it(JSON.stringify(raw), () => expect(splitAuthorString(raw)).toEqual(names));
  }
});

describe('author helpers', () => {
  it('derives a name from a profile URL', () => {
    expect(nameFromProfileUrl('https://example.com/autor/max-muster-123')).toBe('Max Muster');
    expect(nameFromProfileUrl('https://example.com/news/story')).toBeNull();
  });
  it('de-duplicates case-insensitively and drops contained names', () => {
    expect(dedupeNames(['Jane Doe', 'JANE DOE', 'Doe', 'John Smith'])).toEqual(['Jane Doe', 'John Smith']);
  });
});
