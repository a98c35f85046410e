import { describe, expect, it } from 'vitest';
import { detectLanguage, reconcileLanguage } from '../src/index.ts';

const EN = 'The city council voted on Tuesday to expand the bus network, saying that commuters had waited long enough for better connections between the suburbs and the centre.';
const DE = 'Der Stadtrat hat am Dienstag beschlossen, das Busnetz auszubauen, weil die Pendler lange genug auf bessere Verbindungen zwischen den Vororten und dem Zentrum gewartet haben.';
const JA = '市議会は火曜日、バス路線網の拡大を決めた。通勤客は郊外と中心部を結ぶより良い接続を長い間待っていた。';

describe('language', () => {
  it('detects from text', () => {
    expect(detectLanguage(EN).language).toBe('en');
    expect(detectLanguage(DE).language).toBe('de');
    expect(detectLanguage(JA).language).toBe('ja');
  });

  it('gives confidence in 0..1 and none for text without letters', () => {
    const c = detectLanguage(EN).confidence;
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThanOrEqual(1);
    expect(detectLanguage('12345 !!!')).toEqual({ language: null, confidence: 0 });
  });

  it('trusts a declared language that agrees', () => {
    const r = reconcileLanguage(DE, 'de-DE');
    expect(r.language).toBe('de');
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('prefers detection over a wrong declaration on long text', () => {
    expect(reconcileLanguage(`${DE} ${DE}`, 'en').language).toBe('de');
  });

  it('keeps the declaration when the text is too short to overrule it', () => {
    expect(reconcileLanguage('Berlin Marathon', 'de')).toMatchObject({ language: 'de' });
  });

  it('treats close languages as agreeing with the declaration', () => {
    const no = 'Regjeringen la fram statsbudsjettet i dag, og finansministeren sa at økonomien går bedre enn ventet for de fleste husholdninger i landet.';
    expect(reconcileLanguage(no, 'nb-NO').language).toBe('nb');
    expect(reconcileLanguage(no, null).language).toBe('no');
  });
});
