import type { PageTable } from './walk.ts';
import { normaliseText } from './fingerprint.ts';

// Documentation generators and wikis give a section (or its heading) an id made from the heading
// text so it can be linked to: id="sharing-with-a-single-developer". Such an id names a chapter
// of the text, so the words in it ("sharing", "related", "publishing") say nothing about template.

/** How far into an element its own heading may start (elements, pre-order). */
const HEADING_NEAR = 12;
/** Fewer id words than this could be a box label rather than a chapter title. */
const SLUG_WORDS = 3;

export function isHeadingAnchor(t: PageTable, el: number): boolean {
  const id = t.els[el]!.attribs.id;
  if (id === undefined) return false;
  const words = id
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  // Template boxes also carry their label as id ("related-posts", "share-this"): labels are short.
  if (words.length < SLUG_WORDS) return false;
  const stop = Math.min(t.end[el]!, el + HEADING_NEAR);
  for (let e = el; e < stop; e++) {
    if (!/^h[1-6]$/.test(t.tag[e]!)) continue;
    return slugOf(words, normaliseText(headingText(t, e)).split(' '));
  }
  return false;
}

/** The id's words appear in the heading in order (slugifiers may drop short words). */
function slugOf(idWords: string[], heading: string[]): boolean {
  let j = 0;
  for (const w of heading) if (j < idWords.length && w === idWords[j]) j++;
  return j === idWords.length;
}

function headingText(t: PageTable, h: number): string {
  let s = '';
  const end = t.end[h]!;
  for (const a of t.atoms) if (a.owner >= h && a.owner < end) s += (s ? ' ' : '') + a.text;
  return s;
}
