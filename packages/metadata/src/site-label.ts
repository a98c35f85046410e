/** Whether a title segment names the site: its name, its host, a section, a learned affix. */
import { fold } from './text.ts';

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

export function compact(s: string): string {
  return fold(s).replace(/\s+/g, '');
}

const DATE_SEGMENT = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

/** A title segment the site's other pages share ("– My website"), as learned per host. */
export type SiteAffix = (segment: string) => boolean;

/**
 * Where the segment sits: a site's full name ends with the word its host is named for ("Die Neue
 * Südtiroler Tageszeitung" on tageszeitung.it), so a last segment may hold more words around the
 * label; a first segment or a whole title only a little more ("SPIEGEL+").
 */
export type SegmentPlace = 'whole' | 'first' | 'last';

export function isSiteLabel(segment: string, labels: string[], section: string | null = null, affix?: SiteAffix, place: SegmentPlace = 'whole'): boolean {
  return siteLabelMatch(segment, labels, section, affix, place) !== null;
}

/** 'named': the segment is a label (or part of one); 'containing': it holds a label among other words. */
export function siteLabelMatch(segment: string, labels: string[], section: string | null = null, affix?: SiteAffix, place: SegmentPlace = 'whole'): 'named' | 'containing' | null {
  const c = compact(segment);
  if (!c || DATE_SEGMENT.test(segment.trim())) return 'named';
  if (affix?.(segment.trim())) return 'named';
  // the section name is a label too when it is a whole segment ("Headline - National")
  if (section && c === compact(section)) return 'named';
  const spelt = compact(asciiSpelling(segment));
  let found: 'named' | 'containing' | null = null;
  for (const l of labels) {
    for (const s of spelt !== c ? [c, spelt] : [c]) {
      const m = namesSite(s, l, place);
      if (m === 'named') return m;
      found ??= m;
    }
  }
  return found;
}

const LAST_SEGMENT_EXTRA = 24;
const EXTRA = 12;

function namesSite(c: string, l: string, place: SegmentPlace): 'named' | 'containing' | null {
  if (c === l || (c.length >= 4 && l.includes(c))) return 'named';
  if (l.length >= 3 && c.includes(l) && c.length <= l.length + EXTRA) return 'containing';
  if (place === 'last' && l.length >= 5 && c.endsWith(l) && c.length <= l.length + LAST_SEGMENT_EXTRA) return 'containing';
  return null;
}

const ASCII_SPELLING: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', å: 'aa', æ: 'ae', ø: 'oe' };

/** How a host name spells a site name's letters ("Börsen-Zeitung" → boersen-zeitung.de). */
function asciiSpelling(s: string): string {
  return s.toLowerCase().replace(/[äöüßåæø]/g, (ch) => ASCII_SPELLING[ch]!);
}
