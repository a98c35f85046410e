/** Word counting that works for scripts without spaces (CJK, Thai) via Intl.Segmenter. */

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Reading speeds: words a minute for spaced scripts, characters a minute for CJK. */
const WORDS_PER_MINUTE = 230;
const CJK_CHARS_PER_MINUTE = 500;

export interface WordStats {
  wordCount: number;
  readingTimeMinutes: number;
}

export function countWords(text: string): WordStats {
  let words = 0;
  let cjkChars = 0;
  for (const seg of segmenter.segment(text)) {
    if (!seg.isWordLike) continue;
    if (CJK.test(seg.segment)) cjkChars += [...seg.segment].filter((c) => CJK.test(c)).length;
    else words++;
  }
  // CJK "words" from the segmenter depend on ICU dictionaries; characters are the stable unit,
  // and about 1.5 characters make a word for counting purposes
  const wordCount = words + Math.round(cjkChars / 1.5);
  const minutes = words / WORDS_PER_MINUTE + cjkChars / CJK_CHARS_PER_MINUTE;
  return { wordCount, readingTimeMinutes: wordCount === 0 ? 0 : Math.max(1, Math.round(minutes)) };
}

/** Word-like tokens with their offsets, for phrase and entity scanning. */
export function tokenize(text: string): { word: string; index: number }[] {
  const out: { word: string; index: number }[] = [];
  for (const seg of segmenter.segment(text)) if (seg.isWordLike) out.push({ word: seg.segment, index: seg.index });
  return out;
}
