/** Headline choice and site-name removal ("Headline | Site", "Site - Headline", "Site: Headline"). */
import { framing } from './headline.ts';
import { compact, isSiteLabel, siteLabelMatch, type SiteAffix } from './site-label.ts';
import { collapse } from './text.ts';

export { isSiteLabel, siteLabelMatch, siteLabels, type SiteAffix } from './site-label.ts';

// 'ㅣ' (a bare Hangul vowel, never standalone in running text) is how Korean sites write '|';
// Chinese sites write '_' before the section and site ("标题_科技_网站"), which CJK text never uses
const SEPARATORS = /\s+[|｜–—‐-]\s+|\s+[·•»«:/]\s+|\s*[|｜：ㅣ]\s*|\s+::\s+|\s*_\s*(?=[\p{sc=Han}\p{sc=Hangul}\p{sc=Hiragana}\p{sc=Katakana}])/u;

/** Remove leading/trailing segments that name the site; never strip the whole title. */
export function stripSiteName(title: string, labels: string[], section: string | null = null, affix?: SiteAffix): string {
  let t = collapse(title);
  let strippedSuffix = false;
  for (let guard = 0; guard < 3; guard++) {
    const parts = splitOnce(t);
    if (parts && isSiteLabel(parts[2], labels, section, affix, 'last') && parts[0].length > 0) {
      t = parts[0];
      strippedSuffix = true;
      continue;
    }
    const lead = splitFirst(t);
    if (lead && lead[2].length > 0 && isLeadingLabel(lead[0], lead[2], labels, section, affix)) {
      t = lead[2];
      continue;
    }
    const tagline = beforeSiteAndTagline(t, labels, section, affix);
    if (tagline !== null) {
      t = tagline;
      strippedSuffix = true;
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
    if (section) t = stripGluedSection(t, section);
  }
  return t;
}

/**
 * "Headline | Site | Slogan": the site's name followed by its tagline, both the site's. Only a
 * segment that is the name itself counts: one merely holding it ("Spiegel-Affäre") may be the story's.
 */
function beforeSiteAndTagline(t: string, labels: string[], section: string | null, affix: SiteAffix | undefined): string | null {
  const re = new RegExp(SEPARATORS.source, 'gu');
  const cuts: { at: number; end: number }[] = [];
  for (let m = re.exec(t); m; m = re.exec(t)) cuts.push({ at: m.index, end: m.index + m[0].length });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const segment = t.slice(cuts[i]!.end, cuts[i + 1]!.at).trim();
    const head = t.slice(0, cuts[i]!.at).trim();
    if (head.length > 0 && siteLabelMatch(segment, labels, section, affix, 'last') === 'named') return head;
  }
  return null;
}

/**
 * "제목-정치ㅣ사이트": the page's own section glued on by a bare '-'. Not after a Latin letter or
 * digit, where the hyphen joins a compound ("e-Tech", "COVID-19").
 */
function stripGluedSection(t: string, section: string): string {
  const s = collapse(section);
  if (s.length === 0 || t.length <= s.length + 1 || !t.endsWith(s)) return t;
  const m = /^(.*[^\s\p{sc=Latin}\p{N}])[-_]$/u.exec(t.slice(0, t.length - s.length));
  return m ? m[1]! : t;
}

/**
 * A first segment holding the site's name among other words is the site's only when shorter than
 * the rest: "史蒂文的家_藍天 :: PIXNET" names a blog in its headline, "Spiegel Online: …" does not.
 */
function isLeadingLabel(segment: string, rest: string, labels: string[], section: string | null, affix: SiteAffix | undefined): boolean {
  const m = siteLabelMatch(segment, labels, section, affix, 'first');
  return m === 'named' || (m === 'containing' && segment.length < rest.length);
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
  /** The JSON-LD headline: the CMS's headline field, which the visible heading is rendered from. */
  editorial?: boolean;
}

/**
 * Sources disagree (SEO title, social title, on-page h1). Vote: each distinct headline gets the
 * weight of every source that carries it (near-identical variants count), ties go to the earlier,
 * more trusted source. A source that frames the visible headline with affixes carries it at
 * half its weight when words come before it ("Kicker: Headline | Section"): they may be the
 * headline's own; at full weight when the affixes only follow it (see framedWeight).
 */
export function pickTitle(candidates: TitleCandidate[]): string | null {
  const present = candidates.filter((c): c is TitleCandidate & { title: string } => c.title !== null && c.title.length > 1);
  let best: string | null = null;
  let bestScore = 0;
  const editorial = present.find((c) => c.editorial)?.raw ?? null;
  for (const c of present) {
    const key = compact(c.title);
    let score = 0;
    for (const other of present) {
      if (compact(other.title) === key) score += other.weight;
      else if (c.visible && other.raw) score += framedWeight(other.raw, c.raw ?? c.title, c.visible, other.weight, editorial);
    }
    if (score > bestScore) {
      best = c.title;
      bestScore = score;
    }
  }
  return best;
}

/**
 * What a source that frames the visible headline adds to it: all its weight when the page marks
 * the kicker off, or when what it adds only follows the headline ("Headline - Section | Site") and
 * the JSON-LD headline does not add the same (then the tail is the editor's); half otherwise: words
 * before the headline may be the headline's own.
 */
function framedWeight(raw: string, heading: string, visible: true | 'kicker-out', weight: number, editorial: string | null): number {
  const f = framing(raw, heading);
  if (f === null) return 0;
  if (visible === 'kicker-out') return weight;
  const editorTail = editorial !== null && framing(editorial, heading) === 'trailing';
  return f === 'trailing' && !editorTail ? weight : weight / 2;
}
