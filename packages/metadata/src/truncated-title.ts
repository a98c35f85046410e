/**
 * Social and SEO titles are cut to a length limit and end in an ellipsis ("Flood waters reach the
 * old…"). Such a title is not a variant of the headline but a piece of it: its vote belongs to the
 * source that carries the whole headline it starts.
 */
import type { TitleCandidate } from './title.ts';

const ELLIPSIS = /\s*(?:…|\.{3})$/u;
/** What follows a headline that is whole: an affix set off by a separator ("Headline | Site"). */
const AFFIX_START = /^\s*[|｜–—:·•»/-]\s/u;
const MIN_KEPT = 12;

export function restoreTruncated(candidates: TitleCandidate[]): void {
  for (const c of candidates) {
    if (!c.title || !ELLIPSIS.test(c.title)) continue;
    const cut = c.title.replace(ELLIPSIS, '');
    if (cut.length < MIN_KEPT) continue;
    const whole = candidates.find((o) => o !== c && !!o.title && !ELLIPSIS.test(o.title) && continues(o.title, cut));
    if (whole) c.title = whole.title;
  }
}

function continues(whole: string, cut: string): boolean {
  if (whole.length <= cut.length || !whole.toLowerCase().startsWith(cut.toLowerCase())) return false;
  const rest = whole.slice(cut.length);
  // the same ellipsis there: the headline ends in one ("…and more…") and is not cut
  return !/^\s*(?:…|\.{3})/u.test(rest) && !AFFIX_START.test(rest);
}
