/**
 * Key phrases, RAKE-style candidates: runs of content words between stop words and punctuation.
 * Plain RAKE scores whole runs, which in news text glues verbs onto topics ("airport operator
 * supports"); instead every 1–3-word sub-phrase of a run is counted, scored by frequency with a
 * bonus for length and for appearing in the title, and a phrase is skipped when a better one
 * already contains it (or it contains a better one).
 */
import { hasStopWords, stopWords } from './stopwords.ts';

const MAX_NGRAM = 3;
const BREAKS = /[.,;:!?()[\]{}"“”„‟«»‹›|/\\…–—•·\n\r\t]+|\s['‘’]|['‘’]\s/u;
const TOKEN = /^[\p{L}\p{N}][\p{L}\p{N}'’.&-]*$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

interface Candidate {
  n: number;
  /** occurrences whose words are always capitalised in this text (names, not sentence starts) */
  capitalised: number;
  surface: Map<string, number>;
  count: number;
}

function contentRuns(source: string, stops: Set<string>): string[][] {
  const runs: string[][] = [];
  for (const fragment of source.split(BREAKS)) {
    let run: string[] = [];
    for (const raw of fragment.split(/\s+/)) {
      const w = raw.replace(/^['‘’-]+|['‘’.-]+$/g, '').replace(/['’]s$/u, '');
      const content = TOKEN.test(w) && !stops.has(w.toLowerCase()) && !/^\d+([.,]\d+)?%?$/.test(w) && (w.length > 2 || /^\p{Lu}{2}$/u.test(w));
      if (content) run.push(w);
      else {
        if (run.length > 0) runs.push(run);
        run = [];
      }
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

/**
 * No list for this language (Icelandic, Lithuanian, Vietnamese…): its most frequent short words are
 * function words in practically every language, so treat the top ones as stop words.
 */
function withFrequentShortWords(base: Set<string>, text: string): Set<string> {
  const counts = new Map<string, number>();
  for (const w of text
    .slice(0, 100_000)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u))
    if (w && [...w].length <= 4) counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = [...counts]
    .filter(([, n]) => n >= 3)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([w]) => w);
  return new Set([...base, ...frequent]);
}

export function extractKeywords(title: string, text: string, lang: string | null, limit = 10): string[] {
  if (CJK.test(text.slice(0, 500))) return cjkKeywords(title, text, limit);
  const stops = hasStopWords(lang ?? '') ? stopWords(lang) : withFrequentShortWords(stopWords(lang), text);
  const candidates = new Map<string, Candidate>();
  const lowerSeen = new Set(text.slice(0, 100_000).match(/(?<![\p{L}])\p{Ll}[\p{L}'’-]*/gu) ?? []);
  for (const run of contentRuns(text.slice(0, 100_000), stops)) {
    for (let n = 1; n <= MAX_NGRAM; n++) {
      for (let i = 0; i + n <= run.length; i++) {
        const words = run.slice(i, i + n);
        const key = words.join(' ').toLowerCase();
        const c = candidates.get(key) ?? { n, surface: new Map<string, number>(), count: 0, capitalised: 0 };
        c.count++;
        if (words.every((w) => /^\p{Lu}/u.test(w) && !lowerSeen.has(w.toLowerCase()))) c.capitalised++;
        const s = words.join(' ');
        c.surface.set(s, (c.surface.get(s) ?? 0) + 1);
        candidates.set(key, c);
      }
    }
  }
  const titleText = ` ${contentRuns(title, stops)
    .map((r) => r.join(' ').toLowerCase())
    .join(' | ')} `;
  const scored = [...candidates].map(([key, c]) => {
    let score = c.count * (1 + 0.6 * (c.n - 1));
    if (titleText.includes(` ${key} `)) score *= 1.6;
    // phrases seen once are incidental wording unless the title carries them
    if (c.count === 1 && c.n > 1) score *= 0.5;
    // names (capitalised mid-sentence) are what newsrooms tag stories with
    if (c.capitalised > c.count / 2) score *= 1.4;
    return { key, c, score };
  });
  scored.sort((a, b) => b.score - a.score || b.c.n - a.c.n);
  const out: string[] = [];
  const chosen: string[] = [];
  for (const { key, c } of scored) {
    if (chosen.some((o) => ` ${o} `.includes(` ${key} `) || ` ${key} `.includes(` ${o} `))) continue;
    chosen.push(key);
    out.push([...c.surface].sort((a, b) => b[1] - a[1])[0]![0]);
    if (out.length >= limit) break;
  }
  return out;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/** No spaces to split on: rank frequent multi-character dictionary words, kana-only words excluded. */
function cjkKeywords(title: string, text: string, limit: number): string[] {
  const counts = new Map<string, number>();
  const titleWords = new Set<string>();
  for (const seg of segmenter.segment(title)) if (seg.isWordLike) titleWords.add(seg.segment);
  for (const seg of segmenter.segment(text.slice(0, 50_000))) {
    const w = seg.segment;
    if (!seg.isWordLike || [...w].length < 2 || /^[\p{Script=Hiragana}ー]+$/u.test(w) || /^[\p{N}]+$/u.test(w)) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts]
    .map(([w, n]) => [w, n * (titleWords.has(w) ? 2 : 1) * Math.log2(1 + [...w].length)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([w]) => w);
}
