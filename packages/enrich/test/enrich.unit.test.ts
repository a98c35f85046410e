import { describe, expect, it } from 'vitest';
import { enrichText } from '../src/index.ts';

describe('enrichText', () => {
  it('returns every field for an ordinary article', () => {
    const e = enrichText({
      title: 'Council approves tram line',
      text: 'Mayor Lena Ortiz said on Monday that the council in Vienna approved the tram line. "This is a good day," Ortiz said. The tram line opens next year.',
      declaredLanguage: 'en-GB',
    });
    expect(e.language).toBe('en');
    expect(e.languageConfidence).toBeGreaterThanOrEqual(0.9);
    expect(e.entities.people).toContain('Lena Ortiz');
    expect(e.entities.places).toContain('Vienna');
    expect(e.keywords.length).toBeGreaterThan(0);
    expect(e.wordCount).toBe(28);
    expect(e.readingTimeMinutes).toBe(1);
  });

  it('tolerates empty input', () => {
    expect(enrichText({ title: '', text: '', declaredLanguage: null })).toEqual({
      language: null,
      languageConfidence: 0,
      entities: { people: [], organizations: [], places: [] },
      keywords: [],
      wordCount: 0,
      readingTimeMinutes: 0,
    });
  });

  it('handles a large text quickly', () => {
    const text = 'Anna Berg said the plan would work. '.repeat(20_000);
    const start = performance.now();
    const e = enrichText({ title: 'Plan', text, declaredLanguage: null });
    expect(e.wordCount).toBe(140_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
