import type { AnyNode, Document, Element } from 'domhandler';
import { BLOCK_TAGS, HIDDEN_CLASS, HIDDEN_STYLE, NEG_HINT, NEG_ROLES, NEG_TAGS, POS_HINT, SCORE_NEG, SCORE_POS, VOID_OF_TEXT } from './hints.ts';

// One iterative pre-order walk turns the DOM into flat arrays (element table + text atoms).
// Everything after this works on the arrays, so the tree is walked exactly once, without
// recursion (100k nested divs must not overflow the stack) and without mutating the DOM.

export const F_SKIP = 1; // hidden: text ignored (inherited)
export const F_NEGHINT = 2; // class/id/tag says template (self)
export const F_NAVLIKE = 4; // inside nav/header/footer/menu (inherited): links there are not teasers
export const F_POSHINT = 8; // class/id says content (self)
export const F_BLOCK = 16; // self
export const F_SEMANTIC = 32; // <article>, <main>, itemprop=articleBody (self)
export const F_PRE = 64; // inside <pre> (inherited): keep whitespace
export const F_TEASERHINT = 128; // inside related/popular/teaser container (inherited)

export interface Atom {
  owner: number; // nearest block element (index), -1 for text outside any element
  text: string;
  len: number;
  linkLen: number;
  fp: string; // filled lazily by the caller
}

export interface Anchor {
  el: number;
  href: string;
  text: string;
}

export interface PageTable {
  els: Element[];
  tag: string[];
  parent: number[];
  end: number[]; // exclusive end of the subtree in pre-order: descendants of i are (i, end[i])
  flags: number[];
  weight: number[]; // class/id weight for container scoring
  heading: number[]; // 1..6 inside h1..h6, else 0
  list: number[]; // nearest ul/ol/dl, -1
  item: number[]; // nearest li/dt/dd, -1
  table: number[];
  row: number[];
  quote: number[];
  figure: number[];
  caption: number[]; // nearest figcaption / table caption
  blockOwner: number[]; // nearest block element (self when block), -1
  atoms: Atom[];
  anchors: Anchor[];
  images: number[];
  titleTag: string;
  metaTitle: string;
  lang: string;
  baseHref: string;
  timedOut: boolean;
}

const WS = /\s+/g;
const TEASER_HINT = /related|popular|teaser|recommend|more-?stories|most-?read|trending|also-?read|read-?also|card|tile|latest/i;

function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

function textOf(el: Element): string {
  // Only for tiny nodes like <title>: iterate direct children, no recursion.
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += (c as unknown as { data: string }).data;
  return s.replace(WS, ' ').trim();
}

export function walk(doc: Document, deadline: number): PageTable {
  const t: PageTable = {
    els: [], tag: [], parent: [], end: [], flags: [], weight: [], heading: [], list: [], item: [], table: [], row: [],
    quote: [], figure: [], caption: [], blockOwner: [], atoms: [], anchors: [], images: [], titleTag: '', metaTitle: '', lang: '', baseHref: '', timedOut: false,
  };
  const { els, tag, parent, end, flags, weight, heading, list, item, table, row, quote, figure, caption, atoms, anchors } = t;
  const anchorCtx: number[] = [];
  const blockOwner = t.blockOwner;

  let buf = '';
  let bufLen = 0;
  let bufLink = 0;
  let owner = -1;
  let cur = -1;
  let curAnchor = -1;

  const flush = (): void => {
    if (bufLen > 0) {
      const pre = owner >= 0 && (flags[owner]! & F_PRE) !== 0;
      const text = pre ? buf.replace(/^\n+|\s+$/g, '') : buf.replace(/ *\n[\s]*/g, '\n').trim();
      if (text.length > 0) {
        // <br><br> separates paragraphs in old templates; a single <br> stays a line break.
        if (!pre && text.includes('\n\n')) {
          for (const part of text.split(/\n{2,}/)) {
            const p = part.trim();
            if (p) atoms.push({ owner, text: p, len: p.length, linkLen: Math.min(p.length, bufLink * (p.length / text.length)), fp: '' });
          }
        } else {
          atoms.push({ owner, text, len: text.length, linkLen: Math.min(bufLink, text.length), fp: '' });
        }
      }
    }
    buf = '';
    bufLen = 0;
    bufLink = 0;
  };

  const stack: (AnyNode | number)[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]!);
  let steps = 0;

  while (stack.length > 0) {
    const item0 = stack.pop()!;
    if (typeof item0 === 'number') {
      const i = item0;
      end[i] = els.length;
      if ((flags[i]! & F_BLOCK) !== 0) {
        flush();
        const p = parent[i]!;
        owner = p >= 0 ? blockOwner[p]! : -1;
      }
      cur = parent[i]!;
      curAnchor = cur >= 0 ? anchorCtx[cur]! : -1;
      continue;
    }
    if ((++steps & 2047) === 0 && performance.now() > deadline) {
      t.timedOut = true;
      break;
    }
    const node = item0;
    if (node.type === 'text') {
      if (cur >= 0 && (flags[cur]! & F_SKIP) !== 0) continue;
      const data = (node as unknown as { data: string }).data;
      if (cur >= 0 && (flags[cur]! & F_PRE) !== 0) {
        buf += data;
        bufLen += data.length;
        if (curAnchor >= 0) anchors[curAnchor]!.text += data;
        continue;
      }
      const d = data.replace(WS, ' ');
      buf += d;
      if (d !== ' ') {
        const n = d.length - (d.charCodeAt(0) === 32 ? 1 : 0) - (d.length > 1 && d.charCodeAt(d.length - 1) === 32 ? 1 : 0);
        bufLen += n;
        if (curAnchor >= 0) {
          bufLink += n;
          anchors[curAnchor]!.text += d;
        }
      } else if (curAnchor >= 0) anchors[curAnchor]!.text += ' ';
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    const name = el.name;
    if (name === 'br') {
      buf += '\n';
      continue;
    }
    if (VOID_OF_TEXT.has(name)) {
      if (name === 'head') {
        for (let k = el.children.length - 1; k >= 0; k--) stack.push(el.children[k]!);
      } else if (name === 'meta') {
        const prop = attr(el, 'property') ?? attr(el, 'name');
        if (prop === 'og:title' && !t.metaTitle) t.metaTitle = (attr(el, 'content') ?? '').replace(WS, ' ').trim();
      } else if (name === 'base' && !t.baseHref) t.baseHref = attr(el, 'href') ?? '';
      continue;
    }
    if (name === 'title') {
      if (!t.titleTag) t.titleTag = textOf(el);
      continue;
    }
    if (name === 'img') {
      t.images.push(els.length);
    }

    const i = els.length;
    const p = cur;
    els.push(el);
    tag.push(name);
    parent.push(p);
    end.push(i + 1);
    const pf = p >= 0 ? flags[p]! : 0;
    let f = pf & (F_SKIP | F_NAVLIKE | F_PRE | F_TEASERHINT);
    let w = 0;
    const a = el.attribs;
    const cls = a.class;
    const id = a.id;
    if (name === 'html' && a.lang) t.lang = a.lang;
    if (BLOCK_TAGS.has(name)) f |= F_BLOCK;
    if (NEG_TAGS.has(name)) f |= F_NEGHINT | F_NAVLIKE;
    else if (name === 'header') f |= F_NAVLIKE;
    else if (name === 'article' || name === 'main') f |= F_SEMANTIC;
    else if (name === 'pre') f |= F_PRE;
    if (a.hidden !== undefined || a['aria-hidden'] === 'true' || (a.style !== undefined && HIDDEN_STYLE.test(a.style))) f |= F_SKIP;
    const role = a.role;
    if (role !== undefined) {
      if (NEG_ROLES.test(role)) f |= F_NEGHINT | F_NAVLIKE;
      else if (role === 'main' || role === 'article') f |= F_SEMANTIC;
    }
    const ip = a.itemprop;
    if (ip !== undefined && /articlebody|text|reviewbody|description/i.test(ip)) {
      f |= F_SEMANTIC;
      w += 25;
    }
    if (cls !== undefined || id !== undefined) {
      const hint = (cls ?? '') + ' ' + (id ?? '');
      if (cls !== undefined && HIDDEN_CLASS.test(cls)) f |= F_SKIP;
      if (name !== 'body' && name !== 'html' && name !== 'a') {
        const neg = NEG_HINT.test(hint);
        const pos = POS_HINT.test(hint);
        if (neg) f |= pos ? 0 : F_NEGHINT;
        if (pos) f |= F_POSHINT;
        if (neg && /menu|nav|breadcrumb|footer|toolbar|masthead/i.test(hint)) f |= F_NAVLIKE;
        if (TEASER_HINT.test(hint)) f |= F_TEASERHINT;
      }
      if (SCORE_NEG.test(hint)) w -= 25;
      if (SCORE_POS.test(hint)) w += 25;
    }
    flags.push(f);
    weight.push(w);
    const h = name.length === 2 && name.charCodeAt(0) === 104 && name.charCodeAt(1) >= 49 && name.charCodeAt(1) <= 54 ? name.charCodeAt(1) - 48 : 0;
    heading.push(h || (p >= 0 ? heading[p]! : 0));
    list.push(name === 'ul' || name === 'ol' || name === 'dl' ? i : p >= 0 ? list[p]! : -1);
    item.push(name === 'li' || name === 'dt' || name === 'dd' ? i : p >= 0 ? item[p]! : -1);
    table.push(name === 'table' ? i : p >= 0 ? table[p]! : -1);
    row.push(name === 'tr' ? i : p >= 0 ? row[p]! : -1);
    quote.push(name === 'blockquote' ? i : p >= 0 ? quote[p]! : -1);
    figure.push(name === 'figure' ? i : p >= 0 ? figure[p]! : -1);
    caption.push(name === 'figcaption' || name === 'caption' ? i : p >= 0 ? caption[p]! : -1);

    let ac = p >= 0 ? anchorCtx[p]! : -1;
    if (name === 'a' && a.href !== undefined) {
      ac = anchors.length;
      anchors.push({ el: i, href: a.href, text: '' });
    }
    anchorCtx.push(ac);
    curAnchor = ac;

    if ((f & F_BLOCK) !== 0) {
      flush();
      owner = i;
      blockOwner.push(i);
    } else {
      blockOwner.push(p >= 0 ? blockOwner[p]! : -1);
    }
    cur = i;
    stack.push(i);
    const ch = el.children;
    for (let k = ch.length - 1; k >= 0; k--) stack.push(ch[k]!);
  }
  flush();
  if (t.timedOut) {
    // Close every element still open so subtree ranges stay valid.
    for (let i = 0; i < els.length; i++) if (end[i]! <= i) end[i] = els.length;
    for (let k = stack.length - 1; k >= 0; k--) {
      const x = stack[k];
      if (typeof x === 'number') end[x] = els.length;
    }
  }
  return t;
}
