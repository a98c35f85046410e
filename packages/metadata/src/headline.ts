/**
 * The page's visible headline: the heading an editor wrote, read from the DOM's structure, and
 * whether the page's metadata titles confirm it. Metadata titles are often the SEO or social
 * variant ("Kicker: Headline | Section | Site"); the visible heading is the article's own when one
 * of them carries it whole, or carries it between affixes.
 */
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { collapse, fold } from './text.ts';

export interface HeadingReading {
  /** The heading as read, kicker first (joined by the page's separator when it has one). */
  text: string;
  /** The headline without its kicker (null when the heading has no kicker structure). */
  core: string | null;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'img', 'picture', 'figure']);
const BLOCK = new Set(['div', 'p', 'br', 'li', 'ul', 'ol', 'section', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption']);
/** Text that only separates: a hidden ": " or " - " between kicker and headline. */
const SEPARATOR_ONLY = /^[\s:|｜–—\-·•»/]+$/u;
const MAX_TEXT = 600;

/** Text of an element as rendered: inline children join without spaces, blocks break words. */
export function inlineText(el: AnyNode): string {
  let out = '';
  // a string on the stack is the space that closes a block
  const stack: (AnyNode | string)[] = [el];
  while (stack.length > 0 && out.length < MAX_TEXT) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      out += n;
    } else if (isText(n)) {
      out += n.data;
    } else if (isTag(n)) {
      if (n !== el && SKIP.has(n.name)) continue;
      if (BLOCK.has(n.name)) {
        out += ' ';
        stack.push(' ');
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return collapse(out);
}

/**
 * A heading made of a short first element (the kicker, "dachzeile", overline) and the headline,
 * optionally joined by a separator-only element: `<h1><span>Kicker</span><span>: </span><span>Headline</span></h1>`.
 * Headings with loose text between their parts are one headline.
 */
export function readHeading(el: Element): HeadingReading {
  const text = inlineText(el);
  const parts: { text: string; separator: boolean }[] = [];
  for (const c of el.children) {
    if (isText(c)) {
      if (c.data.trim() === '') continue;
      if (SEPARATOR_ONLY.test(c.data)) {
        parts.push({ text: c.data, separator: true });
        continue;
      }
      return { text, core: null };
    }
    if (!isTag(c) || SKIP.has(c.name)) continue;
    const t = inlineText(c);
    if (t === '') continue;
    parts.push({ text: t, separator: SEPARATOR_ONLY.test(t) });
  }
  const words = parts.filter((p) => !p.separator);
  if (words.length !== 2 || parts.length > 3 || parts[0]!.separator) return { text, core: null };
  const [kicker, headline] = [words[0]!.text, words[1]!.text];
  if (kicker.length >= headline.length || headline.split(/\s+/).length < 2) return { text, core: null };
  const sep = parts.find((p) => p.separator);
  if (!sep) return { text: `${kicker} ${headline}`, core: headline };
  const s = sep.text.trim();
  return { text: collapse(`${kicker}${s === ':' ? ':' : ` ${s}`} ${headline}`), core: headline };
}

const CRUMB_UP = 6;

/** The last crumb of a breadcrumb trail repeats the SEO title; it is not the article's headline. */
export function isBreadcrumb(el: Element): boolean {
  let p: AnyNode | null = el.parent;
  for (let i = 0; p && i < CRUMB_UP; i++, p = p.parent) if (isTag(p) && p.name === 'nav') return true;
  if (linkSiblingsBefore(el) >= 2 || afterCrumbSeparator(el)) return true;
  const li = el.parent && isTag(el.parent) && el.parent.name === 'li' ? el.parent : null;
  return li !== null && linkSiblingsBefore(li) >= 1;
}

/** Crumbs sit right before the heading; a junk page's thousands of siblings are not read. */
const MAX_SIBLINGS = 40;

function linkSiblingsBefore(el: Element): number {
  let n = 0;
  let seen = 0;
  for (let s = el.prev; s && seen < MAX_SIBLINGS; s = s.prev, seen++) {
    if (!isTag(s)) continue;
    if (s.name === 'a' || (s.name === 'li' && onlyLink(s))) n++;
  }
  return n;
}

/** A separator between crumbs: an icon (an element without text) or a '›', '/', '»' of its own. */
const CRUMB_SEPARATOR = /^[\s›>»/|·•→\\-]+$/u;

/**
 * A trail one crumb deep: a link, a separator, then the heading ("3. Liga › Headline"). The
 * separator tells it from a section link set as a kicker above the headline.
 */
function afterCrumbSeparator(el: Element): boolean {
  const sep = previousNode(el);
  if (!sep) return false;
  const isSeparator = isText(sep) ? CRUMB_SEPARATOR.test(sep.data) : isTag(sep) && sep.name !== 'a' && inlineText(sep) === '';
  if (!isSeparator) return false;
  const link = previousNode(sep);
  return !!link && isTag(link) && link.name === 'a' && inlineText(link) !== '';
}

/** The previous sibling that is not whitespace or a comment. */
function previousNode(n: AnyNode): AnyNode | null {
  let s = n.prev;
  while (s && ((isText(s) && s.data.trim() === '') || (!isText(s) && !isTag(s)))) s = s.prev;
  return s;
}

function onlyLink(li: Element): boolean {
  const tags = li.children.filter(isTag);
  return tags.length === 1 && tags[0]!.name === 'a';
}

/** Lowercased, quotes and dashes unified, whitespace collapsed: for affix comparison. */
function loose(s: string): string {
  return collapse(
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[“”„«»‟"]/g, '"')
      .replace(/[‘’‚‹›`´]/g, "'")
      .replace(/[‐-―]/g, '-')
      .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, ''),
  );
}

const AFFIX_EDGE = /[|｜ㅣ:：·•»«_\-–—/[\]【】()（）]/u;

/** Enough of a headline to be told apart from a section or site label. */
function substantial(s: string): boolean {
  const c = fold(s).replace(/\s+/g, '');
  return (s.trim().split(/\s+/).length >= 2 && c.length >= 6) || (c.length >= 8 && !/^[a-z0-9]+$/.test(c));
}

/**
 * A metadata title confirms a heading when it is the heading, or the heading framed by affixes
 * that a separator sets off: "Heading | Site", "Kicker: Heading", "Topic: Heading | Section - Site".
 */
export function confirms(meta: string, heading: string): boolean {
  return framing(meta, heading) !== null;
}

/**
 * How a metadata title carries a heading: 'same' (it is the heading), 'trailing' (the heading,
 * then affixes: "Heading | Section - Site"), 'framed' (something before it too: "Kicker: Heading
 * | Site"), or null (it does not carry it).
 */
export function framing(meta: string, heading: string): 'same' | 'trailing' | 'framed' | null {
  const m = loose(meta);
  const h = loose(heading);
  if (!h) return null;
  if (fold(m).replace(/\s+/g, '') === fold(h).replace(/\s+/g, '')) return 'same';
  if (!substantial(heading) || h.length > m.length) return null;
  const at = m.indexOf(h);
  if (at < 0) return null;
  const before = m.slice(0, at).trimEnd();
  const after = m.slice(at + h.length).trimStart();
  const edgeBefore = before === '' || AFFIX_EDGE.test(before.slice(-1));
  const edgeAfter = after === '' || AFFIX_EDGE.test(after[0]!);
  if (!edgeBefore || !edgeAfter) return null;
  return fold(before) === '' ? 'trailing' : 'framed';
}
