/**
 * Language from text with eld (n-gram profiles bundled in the npm package, no download), reconciled
 * with the language the page declares.
 */
import { eld } from 'eld/medium';

export interface LanguageGuess {
  language: string | null;
  confidence: number;
}

/** Enough text for a stable guess; more only costs time. */
const SAMPLE_CHARS = 4000;
/** Below this many letters a detection alone is not trusted over a declared language. */
const LONG_TEXT = 200;

/** Languages that n-gram detectors routinely swap; a declared member of the group wins. */
const CLOSE_GROUPS = [
  ['no', 'nb', 'nn', 'da', 'sv'],
  ['hr', 'sr', 'bs', 'sl'],
  ['ms', 'id'],
  ['cs', 'sk'],
  ['es', 'gl', 'ca', 'pt'],
  ['de', 'lb'],
  ['zh', 'ja'],
];

function close(a: string, b: string): boolean {
  return CLOSE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

export function detectLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (!/\p{L}/u.test(sample)) return { language: null, confidence: 0 };
  const result = eld.detect(sample);
  if (!result.language) return { language: null, confidence: 0 };
  const scores = Object.values(result.getScores()).sort((a, b) => b - a);
  const top = scores[0] ?? 0;
  const second = scores[1] ?? 0;
  // eld scores are relative; the margin over the runner-up is what says how sure it is
  const margin = top > 0 ? (top - second) / top : 0;
  let confidence = Math.min(1, 0.35 + margin * 1.2);
  if (!result.isReliable()) confidence *= 0.6;
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters < 50) confidence *= letters / 50;
  return { language: normalise(result.language), confidence: round(confidence) };
}

/**
 * Declared and detected agree → declared, confidently. They disagree → detection wins only on
 * long text with a confident guess (templates often declare the site's default language).
 */
export function reconcileLanguage(text: string, declared: string | null): LanguageGuess {
  const decl = normalise(declared);
  const detected = detectLanguage(text);
  const letters = (text.slice(0, SAMPLE_CHARS).match(/\p{L}/gu) ?? []).length;
  if (!decl) return detected;
  if (!detected.language) return { language: decl, confidence: letters > 0 ? 0.5 : 0.4 };
  if (detected.language === decl) return { language: decl, confidence: round(Math.max(0.9, detected.confidence)) };
  if (close(detected.language, decl)) return { language: decl, confidence: round(Math.max(0.7, detected.confidence * 0.9)) };
  if (letters >= LONG_TEXT && detected.confidence >= 0.5) return { language: detected.language, confidence: round(detected.confidence * 0.9) };
  return { language: decl, confidence: 0.5 };
}

function normalise(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const p = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(p) ? p : null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
