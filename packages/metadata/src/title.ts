/** Headline choice and site-name removal ("Headline | Site", "Site - Headline", "Site: Headline"). */
import { confirms } from './headline.ts';
import { collapse, fold } from './text.ts';

// 'ㅣ' (a bare Hangul vowel, never standalone in running text) is how Korean sites write '|'
const SEPARATORS = /\s+[|｜–—‐-]\s+|\s+[·•»«:/]\s+|\s*[|｜：ㅣ]\s*|\s+::\s+/u;

/** Labels the site goes by: its name(s) and its host ('www.spiegel.de' → 'spiegel'). */
export function siteLabels(names: (string | null)[], url: string): string[] {
  const labels = names.filter((n): n is string => !!n).map(compact);
  try {
    const host = new URL(url).hostname.replace(/^(www|m|amp|edition|news)\./, '');
    const parts = host.split('.');
    // 'bbc.co.uk' → 'bbc'; 'tagesschau.de' → 'tagesschau'
    const main = parts.length > 2 && parts[parts.length - 2]!.length <= 3 ? parts[parts.length - 3] : parts[parts.length - 2];
    if (main) labels.push(compact(main));
    labels.push(compact(host));
  } catch {
    // no host label
  }
  return [...new Set(labels.filter((l) => l.length >= 2))];
}

function compact(s: string): string {
  return fold(s).replace(/\s+/g, '');
}

const DATE_SEGMENT = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

/** A title segment the site's other pages share ("– My website"), as learned per host. */
export type SiteAffix = (segment: string) => boolean;

export function isSiteLabel(segment: string, labels: string[], section: string | null = null, affix?: SiteAffix): boolean {
  const c = compact(segment);
  if (!c || DATE_SEGMENT.test(segment.trim())) return true;
  if (affix?.(segment.trim())) return true;
  // the section name is a label too when it is a whole segment ("Headline - National")
  if (section && c === compact(section)) return true;
  const spelt = compact(asciiSpelling(segment));
  return labels.some((l) => namesSite(c, l) || (spelt !== c && namesSite(spelt, l)));
}

function namesSite(c: string, l: string): boolean {
  return c === l || (l.length >= 3 && c.includes(l) && c.length <= l.length + 12) || (c.length >= 4 && l.includes(c));
}

const ASCII_SPELLING: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', å: 'aa', æ: 'ae', ø: 'oe' };

/** How a host name spells a site name's letters ("Börsen-Zeitung" → boersen-zeitung.de). */
function asciiSpelling(s: string): string {
  return s.toLowerCase().replace(/[äöüßåæø]/g, (ch) => ASCII_SPELLING[ch]!);
}

/** Remove leading/trailing segments that name the site; never strip the whole title. */
export function stripSiteName(title: string, labels: string[], section: string | null = null, affix?: SiteAffix): string {
  let t = collapse(title);
  let strippedSuffix = false;
  for (let guard = 0; guard < 3; guard++) {
    const parts = splitOnce(t);
    if (parts && isSiteLabel(parts[2], labels, section, affix) && parts[0].length > 0) {
      t = parts[0];
      strippedSuffix = true;
      continue;
    }
    const lead = splitFirst(t);
    if (lead && isSiteLabel(lead[0], labels, section, affix) && lead[2].length > 0) {
      t = lead[2];
      continue;
    }
    const colon = /^([^:]{2,40}):\s+(.+)$/u.exec(t);
    if (colon && isSiteLabel(colon[1]!, labels, null, affix)) {
      t = colon[2]!;
      continue;
    }
    break;
  }
  // "Headline - Section | Site": once the site is gone, a short trailing segment is the section
  if (strippedSuffix) {
    const m = /^(.+?)\s+[|–—-]\s+([^|–—-]{2,25})$/u.exec(t);
    if (m && m[2]!.trim().split(/\s+/).length <= 3 && m[1]!.split(/\s+/).length >= 4) t = m[1]!;
  }
  return t;
}

const MAX_AFFIX = 80;

/**
 * The first and last segments of a title that has separators: where a site puts its name,
 * section or slogan. Counted across a host's pages, the ones most pages share are its affixes.
 */
export function titleAffixes(title: string): string[] {
  const t = collapse(title);
  const last = splitOnce(t);
  const first = splitFirst(t);
  const out = [last?.[2], first?.[0]].filter((s): s is string => !!s && s.length <= MAX_AFFIX);
  return [...new Set(out)];
}

/** Split at the last separator. */
function splitOnce(t: string): [string, string, string] | null {
  const re = new RegExp(SEPARATORS.source, 'gu');
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(t); m; m = re.exec(t)) last = m;
  if (!last) return null;
  return [t.slice(0, last.index).trim(), last[0], t.slice(last.index + last[0].length).trim()];
}

function splitFirst(t: string): [string, string, string] | null {
  const m = SEPARATORS.exec(t);
  if (!m) return null;
  return [t.slice(0, m.index).trim(), m[0], t.slice(m.index + m[0].length).trim()];
}

export interface TitleCandidate {
  /** The source's title with site affixes stripped. */
  title: string | null;
  weight: number;
  /** As the source wrote it, affixes included. */
  raw: string | null;
  /**
   * The page's visible headline: sources that carry it between affixes vote for it too, at full
   * weight when the page marks a kicker off it ('kicker-out': the framing is a kicker, not text).
   */
  visible?: boolean | 'kicker-out';
}

/**
 * Sources disagree (SEO title, social title, on-page h1). Vote: each distinct headline gets the
 * weight of every source that carries it (near-identical variants count), ties go to the earlier,
 * more trusted source. A source that frames the visible headline with affixes ("Kicker: Headline
 * | Section") carries it at half its weight: the affix may be the headline's own.
 */
export function pickTitle(candidates: TitleCandidate[]): string | null {
  const present = candidates.filter((c): c is TitleCandidate & { title: string } => c.title !== null && c.title.length > 1);
  let best: string | null = null;
  let bestScore = 0;
  for (const c of present) {
    const key = compact(c.title);
    let score = 0;
    for (const other of present) {
      if (compact(other.title) === key) score += other.weight;
      else if (c.visible && other.raw && confirms(other.raw, c.title)) score += c.visible === 'kicker-out' ? other.weight : other.weight / 2;
    }
    if (score > bestScore) {
      best = c.title;
      bestScore = score;
    }
  }
  return best;
}
