import type { AnyNode, Document, Element } from 'domhandler';
import { AD_HINT, LINK_BOX_HINT, META_HINT, BLOCK_TAGS, HIDDEN_CLASS, HIDDEN_STYLE, NEG_HINT, NEG_ROLES, NEG_TAGS, POS_HINT, SCORE_NEG, SCORE_POS, VOID_OF_TEXT } from './hints.ts';

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
export const F_NOSCRIPT = 256; // inside <noscript> (inherited)
export const F_IDHINT = 512; // the template hint came from the id alone (self)
export const F_LINKBOX = 1024; // the template hint only names a link box (self)
export const F_LANDMARK = 2048; // the template hint came from the tag or ARIA role (aside, nav, footer; self)

export interface Atom {
  owner: number; // nearest block element (index), -1 for text outside any element
  text: string;
  len: number;
  linkLen: number;
  /** Of linkLen, the text of links to a fragment of this same page ("#section-2"). */
  fragLen: number;
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
  controls: number[]; // parent of each visible form control (input, button, select, textarea)
  ldJson: string[]; // text of each <script type="application/ld+json">
  titleTag: string;
  metaTitle: string;
  lang: string;
  baseHref: string;
  timedOut: boolean;
}

const WS = /\s+/g;
const CONTROLS = new Set(['input', 'button', 'select', 'textarea']);
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

const H_NEG = 1;
const H_POS = 2;
const H_NAV = 4;
const H_TEASER = 8;
const H_HIDDEN = 16;
const H_SCORE_NEG = 32;
const H_SCORE_POS = 64;
const H_LINKBOX = 128;
// Templates repeat the same class strings hundreds of times; the hint regexes are the costliest
// part of the walk, so their verdict is cached per class+id string (bounded, shared across pages).
const hintCache = new Map<string, number>();
const hintCacheWithId = new Map<string, number>();

function classHints(cls: string | undefined, id: string | undefined): number {
  const cache = id === undefined ? hintCache : hintCacheWithId;
  const key = id === undefined ? cls! : cls === undefined ? id : cls + ' ' + id;
  let h = cache.get(key);
  if (h !== undefined) return h;
  h = classWords(key, cls);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, h);
  return h;
}

// "no-caption", "has-sidebar", "without-comments" describe the element's state or its page's
// layout, not what the element is, so they are left out before the hint regexes run.
const STATE_TOKEN = /(?:^|\s)(?:no|has|with|without)[-_]\S*/gi;

function classWords(raw: string, cls: string | undefined): number {
  const key = raw.replace(STATE_TOKEN, ' ');
  let h = 0;
  if (NEG_HINT.test(key)) {
    h |= H_NEG;
    if (!NEG_HINT.test(key.replace(LINK_BOX_HINT, ' '))) h |= H_LINKBOX;
    if (/menu|nav|breadcrumb|footer|toolbar|masthead/i.test(key)) h |= H_NAV;
  }
  if (POS_HINT.test(key)) h |= H_POS;
  if (AD_HINT.test(key) || META_HINT.test(key)) h = (h | H_NEG) & ~H_LINKBOX;
  if (TEASER_HINT.test(key)) h |= H_TEASER;
  if (cls !== undefined && HIDDEN_CLASS.test(cls)) h |= H_HIDDEN;
  if (SCORE_NEG.test(key)) h |= H_SCORE_NEG;
  if (SCORE_POS.test(key)) h |= H_SCORE_POS;
  return h;
}

/**
 * Collapses whitespace like /\s+/g -> ' ' but skips the regex for the common cases: indentation-only
 * nodes and text that has no run of whitespace or newline.
 */
function collapse(data: string): string {
  let needs = false;
  let onlyWs = true;
  let prevWs = false;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 32) {
      if (prevWs) needs = true;
      prevWs = true;
    } else if (c < 32 || c === 160 || (c > 0x1000 && WS1.test(data[i]!))) {
      needs = true;
      prevWs = true;
    } else {
      onlyWs = false;
      prevWs = false;
    }
  }
  if (onlyWs) return data.length === 0 ? '' : ' ';
  return needs ? data.replace(WS, ' ') : data;
}
const WS1 = /\s/;
const LD_JSON = /ld\+json/i;
const ESCAPED_TAG = /^\s?<[a-zA-Z!\/]/;

export function walk(doc: Document, deadline: number): PageTable {
  const t: PageTable = {
    els: [],
    tag: [],
    parent: [],
    end: [],
    flags: [],
    weight: [],
    heading: [],
    list: [],
    item: [],
    table: [],
    row: [],
    quote: [],
    figure: [],
    caption: [],
    blockOwner: [],
    atoms: [],
    anchors: [],
    images: [],
    controls: [],
    ldJson: [],
    titleTag: '',
    metaTitle: '',
    lang: '',
    baseHref: '',
    timedOut: false,
  };
  const { els, tag, parent, end, flags, weight, heading, list, item, table, row, quote, figure, caption, atoms, anchors } = t;
  const anchorCtx: number[] = [];
  const fragAnchor: number[] = [];
  const blockOwner = t.blockOwner;

  let buf = '';
  let bufLen = 0;
  let bufLink = 0;
  let bufFrag = 0;
  let owner = -1;
  let cur = -1;
  let curAnchor = -1;

  const flush = (): void => {
    if (bufLen > 0) {
      const pre = owner >= 0 && (flags[owner]! & F_PRE) !== 0;
      const text = pre ? buf.replace(/^\n+|\s+$/g, '') : buf.replace(/ *\n */g, '\n').trim();
      if (text.length > 0) {
        // <br><br> separates paragraphs in old templates; a single <br> stays a line break.
        if (!pre && text.includes('\n\n')) {
          for (const part of text.split(/\n{2,}/)) {
            const p = part.trim();
            if (p) {
              const share = p.length / text.length;
              atoms.push({ owner, text: p, len: p.length, linkLen: Math.min(p.length, bufLink * share), fragLen: Math.min(p.length, bufFrag * share), fp: '' });
            }
          }
        } else {
          atoms.push({ owner, text, len: text.length, linkLen: Math.min(bufLink, text.length), fragLen: Math.min(bufFrag, text.length), fp: '' });
        }
      }
    }
    buf = '';
    bufLen = 0;
    bufLink = 0;
    bufFrag = 0;
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
      const d = collapse(data);
      // A page saved from a browser with scripts on serialises <noscript> content as escaped
      // markup (tracking pixels, "enable JavaScript" boxes): text that is a tag is not prose.
      if (cur >= 0 && (flags[cur]! & F_NOSCRIPT) !== 0 && ESCAPED_TAG.test(d)) continue;
      buf += d;
      if (d !== ' ') {
        const n = d.length - (d.charCodeAt(0) === 32 ? 1 : 0) - (d.length > 1 && d.charCodeAt(d.length - 1) === 32 ? 1 : 0);
        bufLen += n;
        if (curAnchor >= 0) {
          bufLink += n;
          if (fragAnchor[curAnchor] === 1) bufFrag += n;
          anchors[curAnchor]!.text += d;
        }
      } else if (curAnchor >= 0) anchors[curAnchor]!.text += ' ';
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node;
    const name = el.name;
    if (name === 'br') {
      buf += '\n';
      continue;
    }
    if (VOID_OF_TEXT.has(name)) {
      if (name === 'head') {
        for (let k = el.children.length - 1; k >= 0; k--) stack.push(el.children[k]!);
      } else if (name === 'script' && LD_JSON.test(attr(el, 'type') ?? '')) {
        let s = '';
        for (const c of el.children) if (c.type === 'text') s += (c as unknown as { data: string }).data;
        t.ldJson.push(s);
      } else if (name === 'meta') {
        const prop = attr(el, 'property') ?? attr(el, 'name');
        if (prop === 'og:title' && !t.metaTitle) t.metaTitle = (attr(el, 'content') ?? '').replace(WS, ' ').trim();
      } else if (name === 'base' && !t.baseHref) t.baseHref = attr(el, 'href') ?? '';
      // A button inside a link is the link's face: it navigates, it controls nothing on the page.
      else if (CONTROLS.has(name) && cur >= 0 && curAnchor < 0 && (flags[cur]! & F_SKIP) === 0 && attr(el, 'type') !== 'hidden') t.controls.push(cur);
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
    let f = pf & (F_SKIP | F_NAVLIKE | F_PRE | F_TEASERHINT | F_NOSCRIPT);
    let w = 0;
    const a = el.attribs;
    const cls = a.class;
    const id = a.id;
    const role = a.role;
    const ip = a.itemprop;
    const style = a.style;
    const hidden = a.hidden !== undefined || a['aria-hidden'] === 'true' || (style !== undefined && HIDDEN_STYLE.test(style));
    if (name === 'html' && a.lang) t.lang = a.lang;
    if (BLOCK_TAGS.has(name)) f |= F_BLOCK;
    if (NEG_TAGS.has(name)) f |= F_NEGHINT | F_NAVLIKE | F_LANDMARK;
    else if (name === 'form')
      f |= F_NEGHINT; // comment and login forms; a page-wide ASP.NET form is saved by the text-share rule
    else if (name === 'header') f |= F_NAVLIKE;
    else if (name === 'article' || name === 'main') f |= F_SEMANTIC;
    else if (name === 'pre') f |= F_PRE;
    if (hidden) f |= F_SKIP;
    if (name === 'noscript') f |= F_NOSCRIPT;
    if (role !== undefined) {
      if (NEG_ROLES.test(role)) f |= F_NEGHINT | F_NAVLIKE | F_LANDMARK;
      else if (role === 'main' || role === 'article') f |= F_SEMANTIC;
    }
    if (ip !== undefined && /articlebody|text|reviewbody|description/i.test(ip)) {
      f |= F_SEMANTIC;
      w += 25;
    }
    if (cls !== undefined || id !== undefined) {
      const byTag = (f & F_NEGHINT) !== 0; // <aside>, <nav>, role=complementary: template whatever it holds
      const h = classHints(cls, id);
      if ((h & H_HIDDEN) !== 0) f |= F_SKIP;
      if (name !== 'body' && name !== 'html' && name !== 'a') {
        if ((h & H_NEG) !== 0 && (h & H_POS) === 0) {
          f |= F_NEGHINT;
          if (id !== undefined && !byTag && (cls === undefined || (classHints(cls, undefined) & H_NEG) === 0)) f |= F_IDHINT;
          if ((h & H_LINKBOX) !== 0 && !byTag) f |= F_LINKBOX;
        }
        if ((h & H_POS) !== 0) f |= F_POSHINT;
        if ((h & H_NAV) !== 0) f |= F_NAVLIKE;
        if ((h & H_TEASER) !== 0) f |= F_TEASERHINT;
      }
      if ((h & H_SCORE_NEG) !== 0) w -= 25;
      if ((h & H_SCORE_POS) !== 0) w += 25;
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
      fragAnchor.push(a.href.length > 1 && a.href.charCodeAt(0) === 35 ? 1 : 0);
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
