import type { PageTable } from './walk.ts';
import { F_IDHINT, F_LANDMARK, F_LINKBOX, F_NEGHINT, F_SEMANTIC } from './walk.ts';
import { isHeadingAnchor } from './section-ids.ts';

// Container selection. Readability's idea (paragraphs vote for their ancestors, damped by link
// density) computed on the flat arrays: text and link lengths are summed bottom-up in one pass
// over the pre-order indices (parent index < child index), never by re-walking subtrees.

export interface Measures {
  tl: Float64Array; // included text length of the subtree
  ll: Float64Array; // included link-text length of the subtree
}

export function measure(t: PageTable, include: Uint8Array): Measures {
  const n = t.els.length;
  const tl = new Float64Array(n);
  const ll = new Float64Array(n);
  const atoms = t.atoms;
  for (let k = 0; k < atoms.length; k++) {
    if (include[k] === 0) continue;
    const a = atoms[k]!;
    if (a.owner < 0) continue;
    tl[a.owner] = tl[a.owner]! + a.len;
    ll[a.owner] = ll[a.owner]! + a.linkLen;
  }
  const parent = t.parent;
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p >= 0) {
      tl[p] = tl[p]! + tl[i]!;
      ll[p] = ll[p]! + ll[i]!;
    }
  }
  return { tl, ll };
}

/**
 * Boilerplate hints are confirmed only for elements that do not hold most of the page's text:
 * wrappers such as `<div id="page" class="has-sidebar">` would otherwise exclude the article.
 */
export function excludedElements(t: PageTable, raw: Measures, total: number): Uint8Array {
  const n = t.els.length;
  const ex = new Uint8Array(n);
  const { flags, parent } = t;
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0 && ex[p] === 1) {
      ex[i] = 1;
      continue;
    }
    const f = flags[i]!;
    if ((f & F_NEGHINT) === 0 || raw.tl[i]! > total * ((f & F_LANDMARK) !== 0 ? LANDMARK_SHARE : HINT_SHARE)) continue;
    if ((f & F_IDHINT) !== 0 && raw.ll[i]! < raw.tl[i]! * 0.3 && isHeadingAnchor(t, i)) continue;
    if ((f & F_LINKBOX) !== 0 && raw.tl[i]! >= PROSE_BOX && raw.ll[i]! < raw.tl[i]! * PROSE_BOX_LINKS) continue;
    ex[i] = 1;
  }
  return ex;
}

/**
 * A class name is a guess about what an element is; <aside>, <nav>, <footer> and their ARIA roles
 * are the author's own statement. Such a landmark is distrusted only when it holds nearly all the
 * text (a whole page wrapped in one), not when a long sidebar (a live ticker, a comment stream)
 * outweighs the article beside it.
 */
const HINT_SHARE = 0.6;
const LANDMARK_SHARE = 0.85;

/** A box named for links but holding this much text, nearly unlinked, is prose after all. */
const PROSE_BOX = 1000;
const PROSE_BOX_LINKS = 0.05;

const PARAGRAPH_LIKE = new Set(['p', 'pre', 'li', 'dd', 'dt', 'blockquote', 'figcaption', 'address', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'caption', 'summary', 'legend', 'th', 'td']);

function baseScore(tag: string): number {
  switch (tag) {
    case 'div':
    case 'article':
    case 'section':
    case 'main':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

function commas(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) {
    const x = s.charCodeAt(i);
    if (x === 44 || x === 0xff0c || x === 0x3001 || x === 0x060c) c++;
  }
  return c;
}

export interface Selection {
  roots: number[]; // content subtrees in document order
  top: number;
  scores: Float64Array;
  /** No paragraph was long enough to vote: the whole <body> stands in, with only structural filters. */
  fallback: boolean;
}

export function chooseRoots(t: PageTable, include: Uint8Array, m: Measures): Selection | undefined {
  const n = t.els.length;
  const { tag, parent, weight, atoms, heading, flags } = t;
  const score = new Float64Array(n);
  const scored = new Uint8Array(n);
  for (let k = 0; k < atoms.length; k++) {
    if (include[k] === 0) continue;
    const a = atoms[k]!;
    if (a.len < 25 || a.owner < 0 || heading[a.owner]! > 0) continue;
    const cs = 1 + commas(a.text) + Math.min(3, Math.floor(a.len / 100));
    let e = PARAGRAPH_LIKE.has(tag[a.owner]!) ? parent[a.owner]! : a.owner;
    for (let level = 0; level < 5 && e >= 0; level++) {
      if (scored[e] === 0) {
        scored[e] = 1;
        score[e] = baseScore(tag[e]!) + weight[e]! + ((flags[e]! & F_SEMANTIC) !== 0 ? 10 : 0);
      }
      score[e] = score[e]! + cs / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
      e = parent[e]!;
    }
  }
  const fin = new Float64Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    if (scored[i] === 0) continue;
    const tl = m.tl[i]!;
    const ld = tl > 0 ? m.ll[i]! / tl : 0;
    fin[i] = score[i]! * (1 - ld);
    if (tag[i] === 'html') continue;
    if (top < 0 || fin[i]! > fin[top]!) top = i;
  }
  if (top < 0) return wholeBody(t, fin);

  top = refineTop(t, fin, scored, top);
  top = expand(t, include, top);
  const roots = withSiblings(t, fin, scored, m, top);
  addLead(t, include, roots, top);
  return { roots, top, scores: fin, fallback: false };
}

/**
 * A page whose text is all short lines (a stub, a list of headings, a note) still has content; the
 * exclusions (nav, footer, forms, link density) decide what of it is template.
 */
function wholeBody(t: PageTable, fin: Float64Array): Selection | undefined {
  for (let i = 0; i < t.els.length; i++) if (t.tag[i] === 'body') return { roots: [i], top: i, scores: fin, fallback: true };
  return undefined;
}

/**
 * Readability's winner is often one section of the article (a recipe's steps, a post split into
 * several blocks). Content mass, i.e. unlinked text in substantial blocks minus linked text, is
 * additive over subtrees; moving up to an ancestor whose mass is clearly larger recovers the other
 * sections, while navigation and link lists (negative mass) keep the climb from reaching <body>.
 */
function expand(t: PageTable, include: Uint8Array, top: number): number {
  const n = t.els.length;
  const g = new Float64Array(n);
  const { atoms, parent } = t;
  for (let k = 0; k < atoms.length; k++) {
    if (include[k] === 0) continue;
    const a = atoms[k]!;
    if (a.owner < 0) continue;
    const free = a.len - a.linkLen;
    g[a.owner] = g[a.owner]! + (a.len >= EXPAND_MIN_LEN ? free : 0) - a.linkLen * EXPAND_LINK_PENALTY;
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p >= 0) g[p] = g[p]! + g[i]!;
  }
  let best = top;
  for (let e = parent[top]!; e >= 0 && t.tag[e] !== 'html'; e = parent[e]!) {
    if (g[e]! > g[best]! * EXPAND_RATIO) best = e;
  }
  return best;
}

const EXPAND_MIN_LEN = 25;
const EXPAND_LINK_PENALTY = 1;
const EXPAND_RATIO = 1.5;

/**
 * Standfirsts ("lead", "intro", "excerpt") usually sit in the article header, a sibling of the
 * body container that won the scoring. Substantial unlinked paragraphs between the start of the
 * enclosing <article> (or a near ancestor) and the body are added as extra roots.
 */
function addLead(t: PageTable, include: Uint8Array, roots: number[], top: number): void {
  let container = -1;
  for (let e = t.parent[top]!, d = 0; e >= 0 && d < LEAD_DEPTH; e = t.parent[e]!, d++) {
    const tg = t.tag[e];
    if (tg === 'body' || tg === 'html') break;
    if ((t.flags[e]! & F_SEMANTIC) !== 0) container = e;
  }
  if (container < 0 && LEAD_FALLBACK > 0) {
    container = top;
    for (let d = 0; d < LEAD_FALLBACK && t.parent[container]! >= 0 && t.tag[t.parent[container]!] !== 'body'; d++) container = t.parent[container]!;
  }
  if (container < 0) return;
  const extra: number[] = [];
  const inRoot = (o: number): boolean => roots.some((r) => o >= r && o < t.end[r]!);
  for (let k = 0; k < t.atoms.length; k++) {
    const a = t.atoms[k]!;
    const o = a.owner;
    if (o <= container || o >= top || inRoot(o)) continue;
    if (include[k] === 0 || a.len < LEAD_MIN || a.linkLen > a.len * 0.1 || t.heading[o]! > 0) continue;
    if (extra.length === 0 || extra[extra.length - 1] !== o) extra.push(o);
  }
  // Owners are blocks; keep only outermost ones so ranges do not overlap.
  const outer = extra.filter((o, i) => !extra.slice(0, i).some((p) => o > p && o < t.end[p]!));
  roots.push(...outer);
  roots.sort((a, b) => a - b);
}
const LEAD_DEPTH = 6; // levels searched for an enclosing <article>/<main>
const LEAD_FALLBACK = 3; // without one, levels above the winner searched for a standfirst
const LEAD_MIN = 120; // chars: a standfirst is a real paragraph

function ancestorsOf(t: PageTable, i: number): Set<number> {
  const s = new Set<number>();
  for (let e = t.parent[i]!; e >= 0; e = t.parent[e]!) s.add(e);
  return s;
}

function refineTop(t: PageTable, fin: Float64Array, scored: Uint8Array, top0: number): number {
  const { parent, tag } = t;
  let top = top0;
  // Several strong candidates under one ancestor mean the article is split into sections.
  const alts: number[] = [];
  for (let i = 0; i < fin.length; i++) if (i !== top && scored[i] === 1 && fin[i]! >= fin[top]! * 0.75) alts.push(i);
  alts.sort((a, b) => fin[b]! - fin[a]!);
  if (alts.length >= 3) {
    const lists = alts.slice(0, 5).map((a) => ancestorsOf(t, a));
    for (let e = parent[top]!; e >= 0 && tag[e] !== 'body'; e = parent[e]!) {
      let c = 0;
      for (const l of lists) if (l.has(e)) c++;
      if (c >= 3) {
        top = e;
        break;
      }
    }
  }
  // Climb while the parent scores higher: the top node was one section of a larger body.
  let last = fin[top]!;
  const threshold = last / 3;
  for (let e = parent[top]!; e >= 0 && tag[e] !== 'body'; e = parent[e]!) {
    if (scored[e] === 0) continue;
    const s = fin[e]!;
    if (s < threshold) break;
    if (s > last) {
      top = e;
      break;
    }
    last = s;
  }
  // A lone child carries no structure of its own.
  while (parent[top]! >= 0 && tag[parent[top]!] !== 'body' && tag[parent[top]!] !== 'html') {
    const p = parent[top]!;
    let children = 0;
    for (let c = p + 1; c < t.end[p]!; c = t.end[c]!) children++;
    if (children !== 1) break;
    top = p;
  }
  return top;
}

function withSiblings(t: PageTable, fin: Float64Array, scored: Uint8Array, m: Measures, top: number): number[] {
  const p = t.parent[top]!;
  if (p < 0) return [top];
  const topScore = fin[top]!;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = t.els[top]!.attribs.class ?? '';
  const roots: number[] = [];
  let ownText: Map<number, string> | undefined;
  const textOf = (el: number): string => {
    if (ownText === undefined) {
      ownText = new Map();
      for (const a of t.atoms) if (a.owner > p && a.owner < t.end[p]!) ownText.set(a.owner, (ownText.get(a.owner) ?? '') + a.text);
    }
    return ownText.get(el) ?? '';
  };
  for (let c = p + 1; c < t.end[p]!; c = t.end[c]!) {
    if (c === top) {
      roots.push(c);
      continue;
    }
    let bonus = 0;
    const cls = t.els[c]!.attribs.class ?? '';
    if (cls !== '' && cls === topClass) bonus = topScore * 0.2;
    if (scored[c] === 1 && fin[c]! + bonus >= threshold) {
      roots.push(c);
      continue;
    }
    const tg = t.tag[c]!;
    if (tg === 'p' || tg === 'ul' || tg === 'ol' || tg === 'blockquote' || tg === 'pre' || tg === 'table' || tg === 'figure' || /^h[2-6]$/.test(tg)) {
      const len = m.tl[c]!;
      const ld = len > 0 ? m.ll[c]! / len : 1;
      if (len > 80 && ld < 0.25) roots.push(c);
      else if (len > 0 && len <= 80 && ld === 0 && (tg !== 'p' || /\.( |$)/.test(textOf(c)))) roots.push(c);
    }
  }
  return roots;
}
