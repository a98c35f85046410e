import { describe, expect, it } from 'vitest';
import { parseDate } from '../src/index.ts';

describe('parseDate', () => {
  const cases: [string, string | null][] = [
    ['2024-05-03T15:47:42.389Z', '2024-05-03T15:47:42Z'],
    ['2024-05-03T15:47:42+02:00', '2024-05-03T13:47:42Z'],
    ['2024-05-03 15:47:42+0530', '2024-05-03T10:17:42Z'],
    ['2024-05-03', '2024-05-03T00:00:00Z'],
    ['20240503', '2024-05-03T00:00:00Z'],
    ['2024-05-03T15:47:42', '2024-05-03T15:47:42'],
    ['Fri, 03 May 2024 15:47:42 GMT', '2024-05-03T15:47:42Z'],
    ['May 3, 2024 10:00 AM EDT', '2024-05-03T14:00:00Z'],
    ['April 26, 2024 at 3:24 p.m. EDT', '2024-04-26T19:24:00Z'],
    ['3. Mai 2024, 15:47 Uhr', '2024-05-03T15:47:00'],
    ['03.05.2024 15:47', '2024-05-03T15:47:00'],
    ['15 de mayo de 2024 a las 10:30 CEST', '2024-05-15T08:30:00Z'],
    ['le 3 mai 2024 à 15h47', '2024-05-03T15:47:00'],
    ['2 lutego 2025 21:52', '2025-02-02T21:52:00'],
    ['14 мая 2025, 20:28', '2025-05-14T20:28:00'],
    ['2025年1月13日 21時37分', '2025-01-13T21:37:00'],
    ['Updated 5 hours ago', null],
    ['2024-02-31', null],
    ['1714751262', '2024-05-03T15:47:42Z'],
    ['not a date', null],
    ['', null],
  ];
  for (const [input, iso] of cases) {
    it(`${JSON.stringify(input)} → ${iso}`, () => {
      expect(parseDate(input)?.iso ?? null).toBe(iso);
    });
  }

  it('reports precision and zone', () => {
    expect(parseDate('2024-05-03')).toMatchObject({ hasTime: false, hasZone: false, day: '2024-05-03' });
    expect(parseDate('2024-05-03T23:30:00-04:00')).toMatchObject({ hasTime: true, hasZone: true, day: '2024-05-03', iso: '2024-05-04T03:30:00Z' });
  });
});
