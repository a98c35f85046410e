import { describe, expect, it } from 'vitest';
import { bandKeys, estimateJaccard, jaccard, shingles, textSignature, words, NUM_BANDS } from '@ingest/dedupe';

const BASE = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} tells how the ferry line across the Caspian carried ${i * 7} lorries in its first week of service.`).join(' ');

describe('shingles', () => {
  it('normalises case, punctuation and diacritics', () => {
    expect(words('Café, CAFÉ! café?')).toEqual(['cafe', 'cafe', 'cafe']);
    expect([...shingles('One two three four')]).toEqual(['one two three', 'two three four']);
  });

  it('gives a short text one shingle and an empty text none', () => {
    expect([...shingles('just two')]).toEqual(['just two']);
    expect(shingles('  ,; ').size).toBe(0);
  });

  it('measures exact Jaccard', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
  });
});

describe('MinHash signatures', () => {
  it('are identical for texts differing only in typography and layout', () => {
    const a = textSignature(BASE);
    const b = textSignature(BASE.toUpperCase().replace(/\. /g, '.\n\n'));
    expect(a.bytes).not.toBeNull();
    expect(Buffer.compare(a.bytes!, b.bytes!)).toBe(0);
  });

  it('estimate Jaccard within a few points of the exact value', () => {
    const edited = BASE.replace('Sentence number 3 tells how', 'As the operator said, sentence 3 explains how').replace('first week', 'opening week');
    const exact = jaccard(shingles(BASE), shingles(edited));
    const est = estimateJaccard(textSignature(BASE).bytes!, textSignature(edited).bytes!);
    expect(exact).toBeGreaterThan(0.8);
    expect(Math.abs(est - exact)).toBeLessThan(0.15);
  });

  it('keep unrelated texts far apart', () => {
    const other = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} of a report on the Almaty metro extension, which adds ${i + 2} stations.`).join(' ');
    expect(estimateJaccard(textSignature(BASE).bytes!, textSignature(other).bytes!)).toBeLessThan(0.3);
  });

  it('refuses an estimate for texts too short to compare', () => {
    expect(textSignature('Breaking: ferry delayed').bytes).toBeNull();
  });

  it('cut one bucket key per band that identical texts share', () => {
    const keys = bandKeys(textSignature(BASE).bytes!);
    expect(keys).toHaveLength(NUM_BANDS);
    expect(keys[3]![0]).toBe(3);
  });
});
