/**
 * Date parsing for metadata values and visible date lines: ISO 8601, RFC 2822, epoch numbers
 * and textual dates in many languages. The zone is kept when the source states one.
 */

export interface ParsedDate {
  /** ISO 8601: '…Z' when zoned, date-only as T00:00:00Z, zone-less date-times without suffix. */
  iso: string;
  hasTime: boolean;
  hasZone: boolean;
  /** yyyy-mm-dd as written (local calendar day), to compare candidates across precisions. */
  day: string;
  /** Minutes east of UTC as stated by the source, when it stated one. */
  offset: number | null;
}

const MIN_YEAR = 1990;

const ZONES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  IST: 330,
  CET: 60,
  MEZ: 60,
  CEST: 120,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  AWST: 480,
  NZST: 720,
  NZDT: 780,
  SAST: 120,
  WAT: 60,
  EAT: 180,
  CAT: 120,
  ICT: 420,
  WIB: 420,
  PHT: 480,
};

/** Month words by folded prefix (4 letters beat 3 so 'juin'/'juil' are told apart). */
const MONTHS: Record<string, number> = {};
function months(m: number, ...keys: string[]): void {
  for (const k of keys) MONTHS[k] = m;
}
months(1, 'jan', 'ene', 'gen', 'sty', 'oca', 'янв', 'tam', 'tammi', 'jän', 'janv');
months(2, 'feb', 'fev', 'fév', 'lut', 'sub', 'şub', 'фев', 'hel', 'helmi', 'fevr');
months(3, 'mar', 'mär', 'maa', 'mrt', 'мар', 'maal', 'márc');
months(4, 'apr', 'avr', 'abr', 'kwi', 'nis', 'апр', 'huh', 'ápr');
months(5, 'may', 'mai', 'mag', 'mei', 'maj', 'мая', 'май', 'tou', 'máj');
months(6, 'jun', 'juin', 'giu', 'cze', 'haz', 'июн', 'kes', 'jún');
months(7, 'jul', 'juil', 'lug', 'lip', 'tem', 'июл', 'hei', 'júl');
months(8, 'aug', 'aou', 'aoû', 'ago', 'sie', 'ağu', 'agu', 'авг', 'elo', 'ág');
months(9, 'sep', 'set', 'wrz', 'eyl', 'сен', 'syy', 'szept');
months(10, 'oct', 'okt', 'ott', 'out', 'paź', 'paz', 'eki', 'окт', 'lok');
months(11, 'nov', 'lis', 'kas', 'ноя');
months(12, 'dec', 'dez', 'dic', 'des', 'gru', 'ara', 'дек', 'jou', 'déc');

function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  return MONTHS[w.slice(0, 5)] ?? MONTHS[w.slice(0, 4)] ?? MONTHS[w.slice(0, 3)] ?? null;
}

const MONTH_WORD = '([\\p{L}]{3,12}\\.?)';

const DAY_MONTH_YEAR = new RegExp(`(\\d{1,2})(?:\\.|º|er|st|nd|rd|th)?\\s*(?:de\\s+|of\\s+)?${MONTH_WORD}\\s*,?\\s*(?:de[l]?\\s+)?(\\d{4})`, 'giu');
const MONTH_DAY_YEAR = new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})`, 'giu');

/** First match whose month group is a real month word (so 'Updated 5 hours…' is skipped). */
function firstMonthMatch(re: RegExp, s: string, group: number): RegExpExecArray | null {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) if (monthOf(m[group]!) !== null) return m;
  return null;
}

export function parseDate(input: unknown): ParsedDate | null {
  if (typeof input === 'number') return fromEpoch(input);
  if (typeof input !== 'string') return null;
  const s = input.trim().slice(0, 300);
  if (!s) return null;
  if (/^\d{10}(\d{3})?$/.test(s)) return fromEpoch(Number(s));
  return parseIso(s) ?? parseTextual(s);
}

function fromEpoch(n: number): ParsedDate | null {
  const ms = n > 1e12 ? n : n * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0);
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5})?)?/i;

function parseIso(s: string): ParsedDate | null {
  const m = ISO.exec(s.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3'));
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, zone] = m;
  // a bare 8-digit run must be a date, not some ID: require it to be the whole value
  if (!s.includes('-') && !s.includes('/') && !/^\d{8}(T|$)/.test(s)) return null;
  if (h === undefined) return build(+y!, +mo!, +d!, null, null, null, null);
  return build(+y!, +mo!, +d!, +h, +mi!, sec ? +sec : 0, zone ? zoneOffset(zone) : null);
}

/** Minutes east of UTC, or null when the zone is unknown. */
function zoneOffset(z: string): number | null {
  const t = z.trim().toUpperCase();
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (m) return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + (m[3] ? +m[3] : 0));
  return ZONES[t] ?? null;
}

function parseTextual(raw: string): ParsedDate | null {
  const s = raw.replace(/\s+/g, ' ');
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  let rest = '';
  let m: RegExpExecArray | null;
  // 2025年1月13日 21時37分
  if ((m = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/u.exec(s))) {
    [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
    rest = s.slice(m.index + m[0].length).replace(/(\d{1,2})\s*[時时시]\s*(\d{1,2})\s*[分분]?/u, '$1:$2');
  } else if ((m = firstMonthMatch(DAY_MONTH_YEAR, s, 2))) {
    [d, mo, y] = [+m[1]!, monthOf(m[2]!)!, +m[3]!];
    rest = s.slice(m.index + m[0].length);
  } else if ((m = firstMonthMatch(MONTH_DAY_YEAR, s, 1))) {
    [mo, d, y] = [monthOf(m[1]!)!, +m[2]!, +m[3]!];
    rest = s.slice(m.index + m[0].length);
  } else if ((m = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.])/.exec(s))) {
    const a = +m[1]!;
    const b = +m[3]!;
    y = m[4]!.length === 2 ? 2000 + +m[4]! : +m[4]!;
    // day-first unless impossible: most of the world writes 03.05.2024 for 3 May
    if (m[2] === '/' && b > 12) [mo, d] = [a, b];
    else [d, mo] = [a, b];
    rest = s.slice(m.index + m[0].length);
  } else {
    return parseRfcish(s);
  }
  const before = m.index > 0 ? s.slice(Math.max(0, m.index - 25), m.index) : '';
  const t = findTime(rest.slice(0, 40)) ?? findTime(before);
  if (!t) return build(y, mo, d, null, null, null, null);
  return build(y, mo, d, t.h, t.mi, t.s, t.zone);
}

/** Fallback for RFC 2822 and other forms the JS engine knows. */
function parseRfcish(s: string): ParsedDate | null {
  if (!/\d{4}/.test(s)) return null;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return null;
  const zoned = /([+-]\d{4}|\b(GMT|UTC|[ECMP][SD]T)\b|Z$)/.test(s);
  const d = new Date(ms);
  if (zoned) return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0);
  return null;
}

function findTime(s: string): { h: number; mi: number; s: number; zone: number | null } | null {
  const m =
    /(?<![\d.:])(\d{1,2})\s*(?::|h|\.(?=\d{2}\s*(?:Uhr|h\b|am|pm|a\.m|p\.m)))\s*(\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:Uhr|h|hs|horas|heures|ore|klo|kl\.?)\b)?\s*\(?((?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|\b[A-Z]{2,5}\b)?/i.exec(
      s,
    );
  if (!m) return null;
  let h = +m[1]!;
  const mi = +m[2]!;
  const ampm = m[4]?.toLowerCase().replace(/\./g, '');
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  if (h > 23 || mi > 59) return null;
  const zone = m[5] ? zoneOffset(m[5].replace(/\s+/g, '')) : null;
  return { h, mi, s: m[3] ? +m[3] : 0, zone };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function build(y: number, mo: number, d: number, h: number | null, mi: number | null, s: number | null, offset: number | null): ParsedDate | null {
  const maxYear = new Date().getUTCFullYear() + 1;
  if (!(y >= MIN_YEAR && y <= maxYear && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d) return null; // 31 February and friends
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  if (h === null || mi === null) return { iso: `${day}T00:00:00Z`, hasTime: false, hasZone: false, day, offset: null };
  if (h > 23 || mi > 59 || (s ?? 0) > 60) return null;
  if (offset === null) return { iso: `${day}T${pad(h)}:${pad(mi)}:${pad(s ?? 0)}`, hasTime: true, hasZone: false, day, offset: null };
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s ?? 0) - offset * 60_000);
  return { iso: utc.toISOString().replace(/\.\d{3}Z$/, 'Z'), hasTime: true, hasZone: true, day, offset };
}

/** A zone-less local time placed in a zone learnt elsewhere on the page (e.g. the modified date's offset). */
export function withOffset(d: ParsedDate, offset: number): ParsedDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(d.iso);
  if (!m || d.hasZone) return d;
  return build(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, offset) ?? d;
}
