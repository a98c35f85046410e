import type { PageTable } from './walk.ts';
import { F_NAVLIKE, F_TEASERHINT } from './walk.ts';
import { normaliseUrl } from './links.ts';

// Teasers are links to other articles placed around the article (related, popular, more from...).
// They are recognised by shape, not by site: a headline-like link text (or a heading inside or
// around the link) pointing to an article-like URL, outside the body and outside navigation.

export interface Teaser {
  title: string;
  url: string;
}

const WORDS = /\S+/g;

function headlineLike(s: string): boolean {
  if (s.length < 15 || s.length > 300) return false;
  const words = s.match(WORDS)?.length ?? 0;
  // Scripts without spaces (CJK, Thai) have few "words" but long headlines.
  return words >= 4 || (words <= 2 && s.length >= 12 && !/[a-z]{12}/i.test(s));
}

function articleLikePath(url: string): boolean {
  const i = url.indexOf('/', url.indexOf('//') + 2);
  if (i < 0) return false;
  const path = url.slice(i);
  if (path === '/' || path.length < 6) return false;
  return /[-_]|\d|\.html?$|\?/.test(path) || path.split('/').filter(Boolean).length >= 2;
}

export function findTeasers(t: PageTable, resolved: (string | undefined)[], inBody: (el: number) => boolean, headingText: Map<number, string>, pageUrl: string): Teaser[] {
  const self = normaliseUrl(pageUrl.split('#')[0]!);
  const byUrl = new Map<string, { title: string; rank: number; order: number }>();
  const headingEls = [...headingText.keys()].sort((a, b) => a - b);
  let order = 0;
  for (let k = 0; k < t.anchors.length; k++) {
    const url = resolved[k];
    if (url === undefined) continue;
    const a = t.anchors[k]!;
    const el = a.el;
    const f = t.flags[el]!;
    if ((f & F_NAVLIKE) !== 0 && (f & F_TEASERHINT) === 0) continue;
    if (inBody(el)) continue;
    const key = normaliseUrl(url);
    if (key === self || !articleLikePath(url)) continue;
    // Prefer the headline: a heading around the link, or the first heading inside a card link.
    let title = '';
    let rank = 0;
    if (t.heading[el]! > 0) {
      title = a.text.replace(/\s+/g, ' ').trim();
      rank = 3;
    } else {
      const h = firstHeadingIn(headingEls, el, t.end[el]!);
      if (h >= 0) {
        title = headingText.get(h)!;
        rank = 3;
      } else {
        title = a.text.replace(/\s+/g, ' ').trim();
        rank = (f & F_TEASERHINT) !== 0 ? 2 : 1;
      }
    }
    if (!headlineLike(title)) continue;
    const prev = byUrl.get(key);
    if (prev === undefined) byUrl.set(key, { title, rank, order: order++ });
    else if (rank > prev.rank || (rank === prev.rank && title.length < prev.title.length && title.length >= 15)) {
      prev.title = title;
      prev.rank = rank;
    }
  }
  const out: Teaser[] = [];
  for (const [url, v] of byUrl) {
    // A plain long link outside teaser areas is more often a citation or a footer link than a teaser.
    if (v.rank === 1 && v.title.length < 25) continue;
    out.push({ title: v.title, url });
  }
  return out;
}

function firstHeadingIn(sorted: number[], from: number, to: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! < to ? sorted[lo]! : -1;
}
