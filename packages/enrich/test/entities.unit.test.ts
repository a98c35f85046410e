import { describe, expect, it } from 'vitest';
import { extractEntities } from '../src/index.ts';

const EN = `Prime Minister Jane Holloway met executives from Northwind Energy Ltd in Berlin on Monday.
"We are ready to invest," Holloway said after the meeting. The company's chief, Omar Castillo, told reporters
that the European Commission had approved the plan. Castillo added that the University of Leeds would run the trial.
Protesters gathered outside the Federal Ministry of Finance as police watched. NATO officials in Brussels declined to comment.`;

const DE = `Bundeskanzlerin Petra Lindqvist hat am Dienstag in Wien mit Vertretern der Beispiel Bau GmbH gesprochen.
„Wir brauchen mehr Wohnungen", sagte Lindqvist. Die künstliche Intelligenz spielt dabei eine Rolle, erklärte Jonas Weber vom Bundesamt für Statistik.
Weber betonte, die Europäische Zentralbank beobachte die Entwicklung in Österreich genau.`;

describe('extractEntities', () => {
  it('finds people, organisations and places in English', () => {
    const e = extractEntities('Holloway courts investors', EN, 'en');
    expect(e.people).toEqual(expect.arrayContaining(['Jane Holloway', 'Omar Castillo']));
    expect(e.organizations).toEqual(expect.arrayContaining(['Northwind Energy Ltd', 'European Commission', 'University of Leeds', 'NATO']));
    expect(e.places).toEqual(expect.arrayContaining(['Berlin', 'Brussels']));
    expect(e.people).not.toContain('Prime Minister Jane Holloway');
    expect(e.people).not.toContain('Holloway');
  });

  it('does not take capitalised German nouns for names', () => {
    const e = extractEntities('Wohnungsbau', DE, 'de');
    expect(e.people).toEqual(expect.arrayContaining(['Petra Lindqvist', 'Jonas Weber']));
    expect(e.people).not.toContain('Europäische Zentralbank');
    expect(e.organizations).toEqual(expect.arrayContaining(['Beispiel Bau GmbH']));
    expect(e.places).toEqual(expect.arrayContaining(['Wien', 'Österreich']));
  });

  it('copes with empty and odd input', () => {
    expect(extractEntities('', '', null)).toEqual({ people: [], organizations: [], places: [] });
    expect(extractEntities('X', '!!! ??? 123 ...'.repeat(1000), 'en').people).toEqual([]);
  });
});
