// Block-level filters applied inside the chosen content. Each targets a kind of template text that
// sits inside article containers on many sites: photo credits, date/byline lines, and headings
// that introduce a list of links which was itself removed ("Related", "Read also:").

const CREDIT =
  /^[\s([]*(?:foto|fotos|photo|photos|photograph|bild|bilder|image|images|picture|credit|credits|crédits?|crédito|quelle|source|copyright|©|\(c\)|fot\.|zdjęcie|źródło|imagen|illustration|grafik|video)\b/i;

export function isCredit(text: string): boolean {
  // Credits are a name or agency, not a sentence about someone's role.
  return text.length < 160 && (CREDIT.test(text) || text.startsWith('©')) && text.split(/\s+/).length <= 10;
}

const MONTH =
  '(?:jan|feb|mär|mrz|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec|dic|ene|abr|ago|set|gen|giu|lug|ott|janv|févr|fevr|mars|avr|juin|juil|août|aout|déc|sty|lut|kwi|maj|cze|lip|sie|wrz|paź|lis|gru)[\\p{L}]*\\.?';
const DATE = new RegExp(
  [
    '\\b\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?(?:\\d{2,4})?',
    '\\b\\d{4}-\\d{2}-\\d{2}',
    '\\b\\d{1,2}/\\d{1,2}/\\d{2,4}',
    '\\b\\d{1,2}\\.?\\s+(?:de\\s+)?' + MONTH + '\\s+(?:de\\s+)?\\d{4}',
    '\\b' + MONTH + '\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}',
    '\\b\\d{1,2}:\\d{2}\\b',
  ].join('|'),
  'giu',
);

/** A short line that is mostly a date (a byline or dateline), not a sentence. */
export function isDateLine(text: string): boolean {
  if (text.length > 90) return false;
  DATE.lastIndex = 0;
  if (!DATE.test(text)) return false;
  DATE.lastIndex = 0;
  const rest = text
    .replace(DATE, ' ')
    .replace(/[^\p{L}\s]/gu, ' ')
    .trim();
  const words = rest === '' ? 0 : rest.split(/\s+/).length;
  // "3 Min." or "15:10h." ends in a unit's abbreviation (reading time, hour), not a sentence.
  const s = text.trim();
  return words <= 7 && (!/[.!?]$/.test(s) || UNIT_END.test(s));
}

const UNIT_END = /\d\s?\p{L}{1,3}\.$/u;

/** Headings and short "Lead-in:" lines announce what follows. */
export function isLeadIn(text: string, isHeading: boolean): boolean {
  if (isHeading) return text.length < 150 && !/[.!?]$/.test(text.trim());
  const s = text.trim();
  if (s.length < 70 && (s.endsWith(':') || s.endsWith('…') || s.endsWith('...'))) return true;
  // Without spaces a short label ("こちらもおすすめ") cannot be told from a short sentence by its
  // words, so what follows decides: before a removed link list it is the list's label.
  return s.length < STRAY_MAX_LEN && hasCjk(s) && !/[。！？.!?]["'»”)」]?$/.test(s);
}

const STRAY_MAX_LEN = 30;
const STRAY_MAX_WORDS = 3;

/** A stray label ("Advertisement", "Related Coverage", "Share") between blocks, not a sentence. */
export function isStrayLabel(text: string): boolean {
  const s = text.trim();
  if (s.length >= STRAY_MAX_LEN || /[.!?]["'»”)]?$/.test(s)) return false;
  return wordCount(s) <= STRAY_MAX_WORDS;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Chinese and Japanese put no spaces between words, so a whole sentence is one "word" to a split on
 * whitespace; a label there runs to about three characters a word.
 */
function hasCjk(s: string): boolean {
  CJK.lastIndex = 0;
  return CJK.test(s);
}

export function wordCount(s: string): number {
  const cjk = s.match(CJK)?.length ?? 0;
  const spaced = s.replace(CJK, ' ').trim();
  return (spaced === '' ? 0 : spaced.split(/\s+/).length) + Math.ceil(cjk / 3);
}

const CTA =
  /newsletter|subscri|sign(?:ing)? up|follow us|folg(?:en sie|t) uns|abonnier|telegram|whatsapp|youtube|facebook|twitter|instagram|podcast|download (?:the|our)|our app|unsere app|inscr[ií]b|suscr[ií]b|síguenos|suivez-nous|abonnez|descarga/i;

/** Calls to action (newsletter, social accounts, apps) in short paragraphs. */
export function isCallToAction(text: string): boolean {
  return text.length < 220 && CTA.test(text);
}
