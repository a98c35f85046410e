import type { Element } from 'domhandler';
import type { PageTable } from './walk.ts';
import { F_PRE } from './walk.ts';
import { chooseRoots, measure } from './score.ts';
import type { Measures, Selection } from './score.ts';
import { isCallToAction, isCredit, isDateLine, isLeadIn, isStrayLabel } from './filters.ts';

// Body selection for one pass: choose the content subtrees, then decide block by block what stays.
// Decisions look at neighbours (a heading goes with the link list it announced, a label stays when
// it introduces a paragraph), so they are made on the ordered list of atoms inside the subtrees.

/** A heading section that lost links and keeps fewer chars than this is a template box. */
const THIN = 100;
/** A teaser card holds its headline link plus at most this many chars (summary, date). */
const CARD = 200;
/**
 * A stream of teasers (a live ticker, "more news" inside the article container) repeats one card
 * shape: a headline link, then a summary too long for a lone card. This many cards of one tag
 * under one parent, each holding at most STREAM_CARD chars besides its headline, are a stream.
 */
const STREAM_ITEMS = 3;
const STREAM_CARD = 400;
/** Text the body keeps outside the streams: below it the page is a hub and the streams are its content. */
const STREAM_REST = 200;
/** Text this long before the link in a card is the card's content, not a teaser's kicker. */
const CARD_LEAD = 100;
/**
 * A paragraph this long repeated among its own siblings is the author's text (a refrain, a
 * placeholder), not template; repeats elsewhere (pull quotes, a second copy of the article for
 * another layout, teaser summaries) are still dropped.
 */
const REPEAT_PROSE = 100;
/** A short label followed by a paragraph this long is a bold pseudo-heading, not a stray label. */
const STRAY_NEXT = 150;
/** A label with a number in it ("Step 3"): the words around the number name the series. */
const NUMBERED = /^(\p{L}[\p{L} ]*?)\s*(\d{1,3})\s*([\p{L} ]*):?$/u;
/** Distinct numbers of one series that make its labels pseudo-headings. */
const SERIES_MIN = 3;
/** A "caption" this long is paragraphs of the article set in a <figcaption>, not a caption. */
const CAPTION_MAX = 500;
/** Slide counters ("3/12") numbering this many slides of one gallery mark it as a slideshow. */
const GALLERY_SLIDES = 3;
/** Text the body keeps outside a slideshow for it to count as an aside rather than the article. */
const GALLERY_REST = 500;
const SLIDE_COUNTER = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})(?!\d)/;

export interface Pass {
  sel: Selection | undefined;
  kept: number[];
  len: number;
  removed: number;
}

export function inRanges(t: PageTable, roots: number[], el: number): boolean {
  for (const r of roots) if (el >= r && el < t.end[r]!) return true;
  return false;
}

// Why an atom inside the content subtrees was dropped; 'link' removals (navigation, teaser lists)
// also take the heading that announced them.
const KEEP = 0;
const DROP_SOFT = 1; // captions, credits, dates: do not say anything about neighbours
const DROP_LINK = 2; // link-heavy or template region
const DROP_STRAY = 3; // short label; kept after all when it introduces a paragraph (bold pseudo-heading)

/** Siblings, or children of sibling wrappers (one article split into <div>s), outside quotes. */
function sameSection(t: PageTable, a: number, b: number): boolean {
  if (t.quote[a] !== t.quote[b]) return false;
  const pa = t.parent[a]!;
  const pb = t.parent[b]!;
  return pa === pb || (pa >= 0 && pb >= 0 && t.parent[pa] === t.parent[pb]);
}

/**
 * A linked name in a table cell (a film, a product, a source) is data: tables inside the content
 * are kept, whereas a link list elsewhere in it is navigation or teasers.
 */
function inDataCell(t: PageTable, o: number, rootMin: number): boolean {
  // A list of links inside a cell is a navigation box laid out as a table.
  return t.row[o]! >= 0 && t.table[o]! >= rootMin && !(t.list[o]! > t.row[o]!);
}

/** Cells repeat values (a year, a status) down a column: data, not template. */
function sameTable(t: PageTable, a: number, b: number): boolean {
  return t.table[a]! >= 0 && t.table[a] === t.table[b] && t.row[a] !== t.row[b];
}

/**
 * Slideshows embedded in an article (a widget of "1/50 ... 2/50 ..." slides, each with its own
 * caption) carry text about other pictures, often other stories: like figcaptions they belong to
 * the images, not the body. A gallery is the smallest subtree holding all slides that count up to
 * the same total. When it is the article (a photo story with little else), it stays.
 */
function slideshows(t: PageTable, body: number[], state: number[], roots: number[]): [number, number][] {
  const byTotal = new Map<string, { ks: Set<string>; owners: number[] }>();
  for (const k of body) {
    const a = t.atoms[k]!;
    if (a.len > 120 || t.table[a.owner]! >= 0) continue;
    const m = SLIDE_COUNTER.exec(a.text);
    if (m === null || Number(m[1]) === 0 || Number(m[1]) > Number(m[2])) continue;
    const g = byTotal.get(m[2]!) ?? { ks: new Set<string>(), owners: [] };
    g.ks.add(m[1]!);
    g.owners.push(a.owner);
    byTotal.set(m[2]!, g);
  }
  const out: [number, number][] = [];
  for (const g of byTotal.values()) {
    if (g.ks.size < GALLERY_SLIDES) continue;
    let lca = g.owners[0]!;
    const last = g.owners[g.owners.length - 1]!;
    while (lca >= 0 && t.end[lca]! <= last) lca = t.parent[lca]!;
    // The gallery must sit inside the content (it may be one of its roots), not contain it.
    if (lca < 0 || !inRanges(t, roots, lca)) continue;
    let rest = 0;
    for (let j = 0; j < body.length; j++) {
      const a = t.atoms[body[j]!]!;
      if (state[j] === KEEP && (a.owner < lca || a.owner >= t.end[lca]!)) rest += a.len;
    }
    if (rest >= GALLERY_REST) out.push([lca, t.end[lca]!]);
  }
  return out;
}

/**
 * A list of references or sources: its entries link a title but also carry unlinked text of their
 * own (authors, dates, publisher), many of them in a row. Navigation and teaser lists hold links
 * alone, or a link and a date, so neither threshold is met by them.
 */
const CITE_FREE = 30; // unlinked chars in one entry
const CITE_LINKS = 0.85; // share of an entry that may be linked
const CITE_ITEMS = 5; // qualifying entries in one list
const CITE_SHARE = 0.5; // of the list's entries

function isCitation(a: { len: number; linkLen: number }): boolean {
  return a.len - a.linkLen >= CITE_FREE && a.linkLen <= a.len * CITE_LINKS;
}

/** Lists (by index) whose link-heavy entries are references to keep, not links to drop. */
function citationLists(t: PageTable, cand: number[]): Set<number> {
  const count = new Map<number, [number, number]>();
  for (const k of cand) {
    const a = t.atoms[k]!;
    const l = t.list[a.owner]!;
    if (l < 0 || t.item[a.owner]! < 0) continue;
    const c = count.get(l) ?? [0, 0];
    c[0]++;
    if (isCitation(a)) c[1]++;
    count.set(l, c);
  }
  const out = new Set<number>();
  for (const [l, [n, q]] of count) if (q >= CITE_ITEMS && q >= n * CITE_SHARE) out.add(l);
  return out;
}

/**
 * A table of contents is a list whose entries link to sections of the page itself ("#history"):
 * its links say what the article holds, they lead nowhere else, so they do not count as links. A
 * lone link to an anchor ("skip past the promotion", "comments") is still a control of the page.
 */
const TOC_ITEMS = 3;

function tocLists(t: PageTable, cand: number[]): Set<number> {
  const count = new Map<number, number>();
  for (const k of cand) {
    const a = t.atoms[k]!;
    const l = t.list[a.owner]!;
    if (l < 0 || t.item[a.owner]! < 0 || a.fragLen < a.len * 0.5) continue;
    count.set(l, (count.get(l) ?? 0) + 1);
  }
  const out = new Set<number>();
  for (const [l, n] of count) if (n >= TOC_ITEMS) out.add(l);
  return out;
}

/** Inside a table of contents, or one of its nested sub-lists. */
function inToc(t: PageTable, tocs: Set<number>, o: number): boolean {
  if (tocs.size === 0) return false;
  for (let l = t.list[o]!; l >= 0; l = t.parent[l]! >= 0 ? t.list[t.parent[l]!]! : -1) if (tocs.has(l)) return true;
  return false;
}

/**
 * A small box around a form control inside the article (a consent placeholder for an embedded
 * video, a poll, a newsletter sign-up, a player's settings) is interface, not prose: its text says
 * what the control does. A box is grown from the control's parent while it stays this small, and
 * must be a small part of the body so that an article that merely holds a button is not the box.
 */
const UI_BOX = 400;
const UI_SHARE = 0.25;

/** Lists, tables and code hold controls for good reasons (ingredient checkboxes, copy buttons). */
function hasStructure(t: PageTable, box: number): boolean {
  for (let e = box; e < t.end[box]!; e++) {
    const tg = t.tag[e];
    if (tg === 'li' || tg === 'td' || tg === 'dd' || tg === 'pre' || tg === 'code') return true;
  }
  return false;
}

function controlBoxes(t: PageTable, raw: Measures, roots: number[], bodyLen: number): [number, number][] {
  const out: [number, number][] = [];
  for (const c of t.controls) {
    if (!inRanges(t, roots, c)) continue;
    let box = -1;
    for (let e = c; e >= 0 && raw.tl[e]! <= UI_BOX; e = t.parent[e]!) {
      if (roots.some((r) => r >= e && r < t.end[e]!)) break; // reached a root or above
      box = e;
    }
    if (box < 0 || raw.tl[box]! === 0 || raw.tl[box]! > bodyLen * UI_SHARE) continue;
    if (t.list[box]! >= 0 || t.table[box]! >= 0 || hasStructure(t, box)) continue;
    out.push([box, t.end[box]!]);
  }
  return out;
}

/** Kept atoms inside any of `ranges` (interface boxes, slideshows) go the way captions go. */
function dropKeptIn(t: PageTable, body: number[], state: number[], ranges: [number, number][]): void {
  for (const [s0, e0] of ranges) {
    for (let j = 0; j < body.length; j++) {
      const o = t.atoms[body[j]!]!.owner;
      if (o >= s0 && o < e0 && state[j] === KEEP) state[j] = DROP_SOFT;
    }
  }
}

/**
 * A short last paragraph of the text ("See you soon", a first name under a post) closes what the
 * author wrote: it is a <p> among the paragraphs it follows, the last of them. Labels of the
 * template ("Share", "Tags") sit in boxes of their own, and one between paragraphs is followed.
 */
/** A paragraph set wholly in bold is a credit line (an author, an agency), not a closing word. */
function isEmphasised(el: Element): boolean {
  let inner: Element | undefined;
  for (const c of el.children) {
    if (c.type === 'text') {
      if (/\S/.test((c as unknown as { data: string }).data)) return false;
    } else if (c.type === 'tag') {
      if (inner !== undefined) return false;
      inner = c;
    }
  }
  return inner !== undefined && (inner.name === 'strong' || inner.name === 'b');
}

function isSignOff(t: PageTable, body: number[], state: number[], j: number): boolean {
  const a = t.atoms[body[j]!]!;
  const o = a.owner;
  if (t.tag[o] !== 'p' || j === 0 || isEmphasised(t.els[o]!)) return false;
  // The author's name in the headline or <title> ("X on the summit") closing the text is a byline.
  const name = a.text.trim().toLowerCase();
  if (t.titleTag.toLowerCase().includes(name) || t.metaTitle.toLowerCase().includes(name)) return false;
  const prev = t.atoms[body[j - 1]!]!.owner;
  if (state[j - 1] !== KEEP || t.tag[prev] !== 'p' || t.parent[prev] !== t.parent[o]) return false;
  for (let i = j + 1; i < body.length; i++) {
    const n = t.atoms[body[i]!]!.owner;
    if (state[i] === KEEP && t.parent[n] === t.parent[o]) return false;
  }
  return true;
}

export function runPass(t: PageTable, include: Uint8Array, templ: Uint8Array, titleFp: string, raw: Measures): Pass {
  const m = measure(t, include);
  const sel = chooseRoots(t, include, m);
  const kept: number[] = [];
  let len = 0;
  let removed = 0;
  if (sel === undefined) return { sel, kept, len, removed };
  // fingerprint -> owner of its first occurrence
  const seen = new Map<string, number>();
  let titleDropped = false;
  const atoms = t.atoms;
  const body: number[] = [];
  const state: number[] = [];
  const cand: number[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.owner >= 0 && templ[k] === 0 && inRanges(t, sel.roots, a.owner)) cand.push(k);
  }
  const cites = citationLists(t, cand);
  const tocs = tocLists(t, cand);
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.owner < 0 || !inRanges(t, sel.roots, a.owner)) continue;
    if (templ[k] === 1) continue;
    body.push(k);
    const o = a.owner;
    const isHeading = t.heading[o]! > 0;
    if (
      include[k] === 0 ||
      ((inToc(t, tocs, o) ? a.linkLen - a.fragLen : a.linkLen) > a.len * 0.5 && t.tag[o] !== 'pre' && !inDataCell(t, o, sel.roots[0]!) && !(cites.has(t.list[o]!) && isCitation(a)))
    ) {
      state.push(DROP_LINK);
    } else if (seen.has(a.fp) && !(a.len >= REPEAT_PROSE && sameSection(t, seen.get(a.fp)!, o)) && !sameTable(t, seen.get(a.fp)!, o)) {
      state.push(DROP_LINK);
    } else if (isHeading && !titleDropped && a.fp === titleFp) {
      // The headline is returned as `title`; repeating it as the first block duplicates it.
      titleDropped = true;
      state.push(DROP_SOFT);
    } else if ((t.caption[o]! >= 0 && t.tag[t.caption[o]!] === 'figcaption' && a.len < CAPTION_MAX) || isCredit(a.text) || isDateLine(a.text)) {
      // Captions belong to `images`; credits and datelines are metadata, not body text.
      state.push(DROP_SOFT);
    } else if (!sel.fallback && !isHeading && t.item[o]! < 0 && t.table[o]! < sel.roots[0]! && (t.flags[o]! & F_PRE) === 0 && isStrayLabel(a.text)) {
      // Code is exempt: a one-line command or version string has the shape of a label but is text.
      state.push(DROP_STRAY);
    } else {
      if (!seen.has(a.fp)) seen.set(a.fp, o);
      state.push(KEEP);
    }
  }
  let bodyLen = 0;
  for (let j = 0; j < body.length; j++) if (state[j] === KEEP) bodyLen += atoms[body[j]!]!.len;
  dropKeptIn(t, body, state, controlBoxes(t, raw, sel.roots, bodyLen));
  // After the control boxes: a slideshow counts only the text still kept outside it.
  dropKeptIn(t, body, state, slideshows(t, body, state, sel.roots));
  // Teaser cards inside the body container: a headline link with a short summary (and date) in a
  // small wrapper. The link was dropped for its density; its card goes with it.
  if (CARD > 0) {
    const cardEnds: [number, number][] = [];
    // Wider cards (a longer summary) count only where several of them repeat side by side.
    const streams = new Map<number, number[]>();
    const cardOf = (j: number, extra: number, depth: number): number => {
      const a = atoms[body[j]!]!;
      let card = -1;
      for (let e = t.parent[a.owner]!, d = 0; e >= 0 && d < depth; e = t.parent[e]!, d++) {
        if (sel.roots.some((r) => r >= e && r < t.end[e]!)) break; // reached the content root
        if (raw.tl[e]! > a.len + extra) break;
        card = e;
      }
      // A teaser leads with its headline; a link after a long text is that text's "view image" or
      // source link, and the text is not a summary.
      for (let i = j - 1; card >= 0 && i >= 0 && atoms[body[i]!]!.owner >= card; i--) if (state[i] === KEEP && atoms[body[i]!]!.len >= CARD_LEAD) return -1;
      return card;
    };
    for (let j = 0; j < body.length; j++) {
      const a = atoms[body[j]!]!;
      if (state[j] !== DROP_LINK || a.len < 15 || a.linkLen < a.len * 0.8 || include[body[j]!] === 0) continue;
      const card = cardOf(j, CARD, 3);
      if (card >= 0) cardEnds.push([card, t.end[card]!]);
      if (STREAM_ITEMS > 0) {
        const wide = cardOf(j, STREAM_CARD, 4);
        if (wide >= 0) {
          const sibs = streams.get(t.parent[wide]!) ?? [];
          if (!sibs.includes(wide)) sibs.push(wide);
          streams.set(t.parent[wide]!, sibs);
        }
      }
    }
    const wide: [number, number][] = [];
    for (const sibs of streams.values()) {
      // Same-tag siblings: one stream of cards, not a heading that happens to sit beside a box.
      const byTag = new Map<string, number[]>();
      for (const c of sibs) byTag.set(t.tag[c]!, [...(byTag.get(t.tag[c]!) ?? []), c]);
      for (const cs of byTag.values()) if (cs.length >= STREAM_ITEMS) for (const c of cs) wide.push([c, t.end[c]!]);
    }
    // A page that is its streams (a hub, a list of press releases) keeps them, as a photo story
    // keeps its slideshow: only streams beside an article are asides.
    if (wide.length > 0) {
      let rest = 0;
      for (let j = 0; j < body.length; j++) {
        const o = atoms[body[j]!]!.owner;
        if (state[j] === KEEP && !wide.some(([s0, e0]) => o >= s0 && o < e0) && !cardEnds.some(([s0, e0]) => o >= s0 && o < e0)) rest += atoms[body[j]!]!.len;
      }
      if (rest >= STREAM_REST) cardEnds.push(...wide);
    }
    if (cardEnds.length > 0) {
      for (let j = 0; j < body.length; j++) {
        if (state[j] !== KEEP && state[j] !== DROP_STRAY) continue;
        const o = atoms[body[j]!]!.owner;
        if (cardEnds.some(([s0, e0]) => o >= s0 && o < e0)) state[j] = DROP_LINK;
      }
    }
  }
  // A pseudo-heading names its own section; a label that recurs through the text ("Advertisement"
  // above each ad slot) names a slot of the template. Code repeats for good reasons.
  const labels = new Map<string, number>();
  for (let j = 0; j < body.length; j++) {
    const a = atoms[body[j]!]!;
    if (state[j] === DROP_STRAY && (t.flags[a.owner]! & F_PRE) === 0) labels.set(a.fp, (labels.get(a.fp) ?? 0) + 1);
  }
  // Labels that count ("Step 1", "Step 2", "Day 3") number the sections of a how-to or a diary:
  // pseudo-headings however short the text under each.
  const series = new Map<string, Set<string>>();
  for (let j = 0; j < body.length; j++) {
    if (state[j] !== DROP_STRAY) continue;
    const m = NUMBERED.exec(atoms[body[j]!]!.text.trim());
    if (m === null) continue;
    const shape = m[1]!.toLowerCase() + '#' + m[3]!.toLowerCase();
    series.set(shape, (series.get(shape) ?? new Set<string>()).add(m[2]!));
  }
  const numbered = (text: string): boolean => {
    const m = NUMBERED.exec(text.trim());
    return m !== null && (series.get(m[1]!.toLowerCase() + '#' + m[3]!.toLowerCase())?.size ?? 0) >= SERIES_MIN;
  };
  for (let j = 0; j < body.length; j++) {
    if (state[j] !== DROP_STRAY) continue;
    const next = j + 1 < body.length ? j + 1 : -1;
    const unique = (labels.get(atoms[body[j]!]!.fp) ?? 0) <= 1;
    const heads = next >= 0 && state[next] === KEEP && (atoms[body[next]!]!.len >= STRAY_NEXT || numbered(atoms[body[j]!]!.text));
    state[j] = unique && (heads || isSignOff(t, body, state, j)) ? KEEP : DROP_SOFT;
  }
  // A heading or "Read also:" line whose section was removed as links goes with it.
  for (let j = 0; j < body.length; j++) {
    if (state[j] !== KEEP) continue;
    const a = atoms[body[j]!]!;
    if (!isLeadIn(a.text, t.heading[a.owner]! > 0)) continue;
    let next = j + 1;
    while (next < body.length && state[next] === DROP_SOFT) next++;
    // Without an article, a closing heading announced nothing that was removed.
    if ((next >= body.length && !sel.fallback) || state[next] === DROP_LINK) state[j] = DROP_LINK;
  }
  // A heading whose section lost its links and kept almost nothing ("More on this topic" + one
  // stray line) is a template box, not a chapter of the article.
  {
    for (let j = 0; j < body.length; j++) {
      if (state[j] !== KEEP) continue;
      const h = t.heading[atoms[body[j]!]!.owner]!;
      if (h === 0) continue;
      let keptLen = 0;
      let links = 0;
      let e = j + 1;
      for (; e < body.length; e++) {
        const b = atoms[body[e]!]!;
        const hb = t.heading[b.owner]!;
        if (hb > 0 && hb <= h && state[e] === KEEP) break;
        if (state[e] === KEEP) keptLen += b.len;
        else if (state[e] === DROP_LINK) links++;
      }
      if (links > 0 && keptLen < THIN) for (let x = j; x < e; x++) if (state[x] === KEEP) state[x] = DROP_LINK;
    }
  }
  // Calls to action only count after the last substantial paragraph: inside the article the same
  // words (Facebook, newsletter) are often the topic.
  {
    for (let j = body.length - 1; j >= 0; j--) {
      if (state[j] !== KEEP) continue;
      const a = atoms[body[j]!]!;
      const cta = isCallToAction(a.text);
      if (a.len >= 100 && !cta) break;
      if (cta && t.heading[a.owner] === 0) state[j] = DROP_SOFT;
    }
  }
  for (let j = 0; j < body.length; j++) {
    if (state[j] === KEEP) {
      kept.push(body[j]!);
      len += atoms[body[j]!]!.len;
    } else removed++;
  }
  return { sel, kept, len, removed };
}
