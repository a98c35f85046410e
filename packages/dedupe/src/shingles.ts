// Documents are compared as sets of word shingles: word order matters locally (a reworded
// sentence changes a few shingles) but not globally (moved paragraphs, other chrome).

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower-cased words without diacritics or punctuation, so typographic variants compare equal. */
export function words(text: string): string[] {
  const plain = text.normalize('NFKD').replace(MARKS, '').toLowerCase();
  return plain.split(NON_WORD).filter((w) => w.length > 0);
}

/** Distinct k-word shingles; a text shorter than k words yields one shingle of all its words. */
export function shingles(text: string, k = 3): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length === 0) return out;
  if (w.length < k) {
    out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + k <= w.length; i++) out.add(w.slice(i, i + k).join(' '));
  return out;
}

/** Exact Jaccard similarity of two shingle sets (tests and diagnostics; production uses MinHash). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
