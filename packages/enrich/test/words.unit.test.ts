import { describe, expect, it } from 'vitest';
import { countWords } from '../src/index.ts';

describe('countWords', () => {
  it('counts words in spaced scripts', () => {
    expect(countWords('The quick brown fox — jumps over 2 lazy dogs.').wordCount).toBe(9);
  });

  it('counts CJK by characters', () => {
    const ja = '市議会は火曜日、バス路線網の拡大を決めた。';
    const { wordCount } = countWords(ja);
    expect(wordCount).toBeGreaterThan(8);
    expect(wordCount).toBeLessThan(20);
  });

  it('gives reading time in whole minutes, zero for empty text', () => {
    expect(countWords('')).toEqual({ wordCount: 0, readingTimeMinutes: 0 });
    expect(countWords('word '.repeat(10)).readingTimeMinutes).toBe(1);
    expect(countWords('word '.repeat(2300)).readingTimeMinutes).toBe(10);
    expect(countWords('字'.repeat(5000)).readingTimeMinutes).toBe(10);
  });
});
