import type { Block } from './types.ts';
import { normaliseText } from './fingerprint.ts';

export interface ConfidenceInput {
  blocks: Block[];
  text: string;
  /** Chars and link chars of the kept atoms. */
  keptLen: number;
  keptLinkLen: number;
  /** Chars under the chosen container (what the selection could have kept). */
  containerLen: number;
  title: string;
  metaTitle?: string | null | undefined;
  metaDescription?: string | null | undefined;
  timedOut: boolean;
}

const words = (s: string): string[] =>
  normaliseText(s)
    .split(' ')
    .filter((w) => w.length >= 3);

/** Share of `probe`'s words found in `within` (0 when there is nothing to probe). */
function wordShare(probe: string, within: Set<string>): number {
  const w = words(probe);
  if (w.length === 0) return 0;
  let hit = 0;
  for (const x of w) if (within.has(x)) hit++;
  return hit / w.length;
}

/**
 * How sure the extractor is that the text is the page's article, 0..1, from its own signals:
 * enough text, little of it link text, several real paragraphs, a container mostly kept, and
 * agreement with what the page's metadata says the article is (headline, standfirst). Each
 * signal saturates, so a long clean article scores near 1 and an index or login page near 0.
 */
export function extractionConfidence(x: ConfidenceInput): number {
  if (x.keptLen === 0) return 0;
  const length = 1 - Math.exp(-x.keptLen / 900);
  const linkDensity = x.keptLinkLen / x.keptLen;
  const links = Math.max(0, 1 - 2.5 * linkDensity);
  let paragraphs = 0;
  for (const b of x.blocks) if (b.type === 'paragraph' && b.text.length >= 80) paragraphs++;
  const paras = Math.min(1, paragraphs / 4);
  const density = x.containerLen > 0 ? Math.min(1, x.keptLen / x.containerLen) : 0;

  const agreements: number[] = [];
  if (x.metaTitle || x.metaDescription) {
    const bodyWords = new Set(words(x.title + ' ' + x.text.slice(0, 3000)));
    if (x.metaTitle) agreements.push(Math.min(1, wordShare(x.metaTitle, bodyWords) * 1.25));
    // standfirsts are often rephrased: half the words present is full agreement
    if (x.metaDescription) agreements.push(Math.min(1, wordShare(x.metaDescription, bodyWords) * 2));
  }
  const agreement = agreements.length > 0 ? agreements.reduce((a, b) => a + b, 0) / agreements.length : 0.5;

  const score = 0.3 * length + 0.2 * links + 0.2 * paras + 0.1 * density + 0.2 * agreement;
  // a page cut short by the time budget may be missing most of its article
  const capped = x.timedOut ? score * 0.5 : score;
  return Math.round(Math.min(1, Math.max(0, capped)) * 1000) / 1000;
}
