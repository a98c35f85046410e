// Scoring as described in the datasets README (Trafilatura's snippet metric) and a token-level
// bag-of-words score for the fundus bodies.

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function snippetCounts(text: string, withS: string[], withoutS: string[]): Counts {
  const t = collapse(text);
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const s of withS)
    if (t.includes(collapse(s))) c.tp++;
    else c.fn++;
  for (const s of withoutS)
    if (t.includes(collapse(s))) c.fp++;
    else c.tn++;
  return c;
}

export function addCounts(a: Counts, b: Counts): void {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
  a.tn += b.tn;
}

export function prf(c: Counts): { p: number; r: number; f1: number } {
  const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

function tokens(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export function tokenPrf(pred: string, truth: string): { p: number; r: number; f1: number } {
  const a = tokens(pred);
  const b = tokens(truth);
  let inter = 0,
    na = 0,
    nb = 0;
  for (const v of a.values()) na += v;
  for (const v of b.values()) nb += v;
  for (const [w, v] of a) inter += Math.min(v, b.get(w) ?? 0);
  const p = na > 0 ? inter / na : 0;
  const r = nb > 0 ? inter / nb : 0;
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

const STOP: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is'],
  de: ['der', 'die', 'und', 'nicht', 'das'],
  fr: ['les', 'est', 'et', 'des', 'une'],
  es: ['los', 'que', 'del', 'las', 'por'],
  it: ['il', 'che', 'della', 'per', 'di'],
  nl: ['het', 'een', 'van', 'niet', 'zijn'],
  pl: ['się', 'nie', 'jest', 'na', 'że'],
  pt: ['não', 'uma', 'os', 'do', 'da'],
};

export function pageLanguage(html: string, text: string): string {
  const m = /<html[^>]*?\slang\s*=\s*["']?([a-zA-Z]{2,3})/i.exec(html.slice(0, 5000));
  if (m) return m[1]!.toLowerCase();
  const words =
    text
      .toLowerCase()
      .match(/\p{L}+/gu)
      ?.slice(0, 2000) ?? [];
  if (words.length < 20) return 'unknown';
  const set = new Map<string, number>();
  for (const w of words) set.set(w, (set.get(w) ?? 0) + 1);
  let best = 'unknown';
  let bestN = 0;
  for (const [lang, sw] of Object.entries(STOP)) {
    const n = sw.reduce((s, w) => s + (set.get(w) ?? 0), 0);
    if (n > bestN) {
      bestN = n;
      best = lang;
    }
  }
  return bestN >= words.length * 0.03 ? best : 'unknown';
}
