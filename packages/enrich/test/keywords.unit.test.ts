import { describe, expect, it } from 'vitest';
import { extractKeywords } from '../src/index.ts';

const TEXT = `The city plans a new tram line to the airport. The new tram line would cut travel times,
and the airport operator supports the tram line. Critics say the tram line is too expensive.
Council members will vote on the tram line budget next month, after the airport operator presents its figures.`;

describe('extractKeywords', () => {
  it('ranks repeated content phrases first and skips stop words', () => {
    const k = extractKeywords('City plans tram line to airport', TEXT, 'en');
    expect(k[0]?.toLowerCase()).toContain('tram line');
    expect(k.map((x) => x.toLowerCase())).toEqual(expect.arrayContaining(['airport']));
    expect(k).not.toContain('the');
    expect(k.length).toBeLessThanOrEqual(10);
  });

  it('handles German and Japanese', () => {
    const de = extractKeywords('Neue Straßenbahn', 'Die Straßenbahn fährt zum Flughafen. Die Straßenbahn ist neu. Der Flughafen freut sich über die Straßenbahn.', 'de');
    expect(de[0]).toBe('Straßenbahn');
    const ja = extractKeywords('路面電車', '市は空港への路面電車の新線を計画している。路面電車は便利だ。空港も路面電車を歓迎する。', 'ja');
    expect(ja.length).toBeGreaterThan(0);
  });

  it('treats frequent short words as stop words in languages without a list', () => {
    const is = 'Vottar Jehóva eru í fréttum. Vottar Jehóva segja að það sé rangt. Það er ekki satt, segja vottar Jehóva í dag. Í fyrra var það eins.';
    const k = extractKeywords('Vottar Jehóva', is, 'is').map((x) => x.toLowerCase());
    expect(k[0]).toBe('vottar jehóva');
    expect(k).not.toContain('það');
  });

  it('returns nothing for empty text', () => {
    expect(extractKeywords('', '', null)).toEqual([]);
  });
});
