import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { collapse } from './text.ts';

export interface MetaTag {
  /** name / property / itemprop / http-equiv, lowercased */
  key: string;
  content: string;
}

/** Everything the field extractors need, gathered in one pass so huge pages are walked once. */
export interface PageScan {
  htmlLang: string | null;
  titleTag: string | null;
  metas: MetaTag[];
  links: { rel: string; href: string }[];
  jsonLd: string[];
  /** Elements carrying itemprop, in document order (microdata). */
  itemprops: Element[];
  times: Element[];
  /** Elements whose class/id/rel/itemprop/data-* hint at an author byline. */
  bylines: Element[];
  /** Elements whose text starts with a byline word ("Von:", "By Jane", "Autorin/Autor"). */
  textBylines: Element[];
  /** Elements whose class/id hint at a visible date line ("date", "published", "datum"). */
  dateLines: Element[];
  /** Elements holding a date label ("Datum", "Published", "Publié le") and, presumably, the date. */
  dateLabels: Element[];
  h1s: Element[];
  /** The first <article> elements: one of them holds the article's body. */
  articles: Element[];
  /** The first h2s: where a page whose h1 is a breadcrumb crumb puts the article's headline. */
  h2s: Element[];
  /** Document-order position of the elements collected above. */
  order: Map<Element, number>;
}

const MAX_ARTICLES = 8;
const SKIP = new Set(['style', 'noscript', 'template', 'svg', 'iframe', 'select', 'textarea']);
const BYLINE_HINT = /(^|[\s_-])(by-?line|author|autor|auteur|autore|writer|forfatter|byl|creditline|dateline|journalist|reporter|redakteur)|\bbyl_|author-?name|authors?[_-]|rel-author/i;
export const DATE_LABEL =
  /^\s*(?:datum|date|published|published on|posted|veröffentlicht(?: am)?|erschienen(?: am)?|stand|publié le|publié|publicado(?: el)?|pubblicato(?: il)?|gepubliceerd(?: op)?|publicerad|publisert|opublikowano)\s*[:：]?\s*$/i;
const DATE_HINT =
  /(?:^|[\s_-])(?:date|dates|datum|fecha|data|time|timestamp|published|publish-?date|pubdate|posted|dateline|article-?date|post-?date|entry-?date)(?:[\s_-]|$)|[a-z](?:Date|Time|Datum)/;

/** camelCase class names ("metaInfoAuthorList", "articleByline"). */
const CAMEL_HINT = /[a-z](?:Author|Byline|Autor)/;
const MAX_BYLINES = 60;
const MAX_ITEMPROPS = 400;
const MAX_H2S = 20;
/** A text node that is only a byline label ("Von:", "Autorin/Autor", "By"). */
export const BYLINE_LABEL =
  /^\s*(?:by|von|par|por|door|av|af|autor(?:in)?(?:\s*\/\s*autor(?:in)?)?|autoren|author|authors|text|texte|written by|reported by|geschrieben von|skrevet av|napisał|автор)\s*[:：]?\s*$/iu;
/** A text node that starts a byline with a capitalised name ("By Jane Doe", "Von Max Muster"). */
const BYLINE_LEAD = /^\s*(?:By|BY|Von|VON|Par|Por|Door)\s*:?\s+\p{Lu}/u;
const INLINE = new Set(['strong', 'b', 'em', 'i', 'span', 'small', 'label', 'dt']);

/** The element holding the whole byline: climb out of inline label wrappers. */
function bylineOwner(parent: AnyNode | null): Element | null {
  let el = parent && isTag(parent) ? parent : null;
  for (let i = 0; el && i < 2 && INLINE.has(el.name) && el.parent && isTag(el.parent); i++) el = el.parent;
  // headlines that happen to start with "Von …" are not bylines
  return el && !/^(body|html|script|title|h1|h2|h3|a)$/.test(el.name) ? el : null;
}

export function scanDocument(doc: Document): PageScan {
  const scan: PageScan = {
    htmlLang: null,
    titleTag: null,
    metas: [],
    links: [],
    jsonLd: [],
    itemprops: [],
    times: [],
    bylines: [],
    textBylines: [],
    dateLines: [],
    dateLabels: [],
    h1s: [],
    articles: [],
    h2s: [],
    order: new Map(),
  };
  let position = 0;
  const stack: AnyNode[] = [...doc.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) {
      if (scan.dateLabels.length < MAX_BYLINES && node.data.length < 40 && DATE_LABEL.test(node.data)) {
        const owner = bylineOwner(node.parent);
        if (owner) scan.dateLabels.push(owner);
      }
      if (scan.textBylines.length < MAX_BYLINES && node.data.length < 160 && (BYLINE_LABEL.test(node.data) || BYLINE_LEAD.test(node.data))) {
        const owner = bylineOwner(node.parent);
        if (owner) {
          scan.textBylines.push(owner);
          scan.order.set(owner, position);
        }
      }
      continue;
    }
    if (!isTag(node)) continue;
    position++;
    const name = node.name.toLowerCase();
    const a = node.attribs;
    switch (name) {
      case 'html':
        if (scan.htmlLang === null) scan.htmlLang = a['lang'] ?? a['xml:lang'] ?? null;
        break;
      case 'title':
        if (scan.titleTag === null && !hasAncestor(node, 'svg')) scan.titleTag = textOf(node);
        break;
      case 'meta': {
        const key = a['property'] ?? a['name'] ?? a['itemprop'] ?? a['http-equiv'];
        const content = a['content'] ?? a['value'];
        // RDFa's property is a list of terms ("og:title twitter:title"); Dublin Core comes as both
        // "DC.title" (HTML meta names) and "dc:title" (RDFa), read as one
        if (key && content !== undefined) for (const k of key.trim().toLowerCase().split(/\s+/)) scan.metas.push({ key: k.replace(/^(dc|dcterms):/, '$1.'), content });
        break;
      }
      case 'link':
        if (a['rel'] && a['href']) scan.links.push({ rel: a['rel'].toLowerCase(), href: a['href'] });
        break;
      case 'script': {
        const type = (a['type'] ?? '').toLowerCase();
        if (type.includes('ld+json')) scan.jsonLd.push(rawText(node));
        continue; // never descend into scripts
      }
      case 'time':
        scan.times.push(node);
        break;
      case 'h1':
        scan.h1s.push(node);
        scan.order.set(node, position);
        break;
      case 'h2':
        if (scan.h2s.length < MAX_H2S) scan.h2s.push(node);
        break;
      case 'article':
        if (scan.articles.length < MAX_ARTICLES) scan.articles.push(node);
        break;
    }
    if (SKIP.has(name)) continue;
    if (a['itemprop'] !== undefined && scan.itemprops.length < MAX_ITEMPROPS) scan.itemprops.push(node);
    if (scan.bylines.length < MAX_BYLINES && name !== 'meta' && name !== 'link' && name !== 'body' && name !== 'html') {
      const hint = `${a['class'] ?? ''} ${a['id'] ?? ''} ${a['rel'] ?? ''} ${a['itemprop'] ?? ''} ${a['data-testid'] ?? ''} ${a['data-component'] ?? ''}`;
      if (scan.dateLines.length < MAX_BYLINES && DATE_HINT.test(hint)) {
        scan.dateLines.push(node);
        scan.order.set(node, position);
      }
      if (BYLINE_HINT.test(hint) || CAMEL_HINT.test(hint)) {
        scan.bylines.push(node);
        scan.order.set(node, position);
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return scan;
}

function hasAncestor(el: Element, tag: string): boolean {
  for (let p = el.parent; p; p = p.parent) if (isTag(p) && p.name === tag) return true;
  return false;
}

/** Raw text of a script-like element (no entity decoding happens there). */
function rawText(el: Element): string {
  let s = '';
  for (const c of el.children) if (isText(c)) s += c.data;
  return s;
}

const TEXT_SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select']);

/** Visible-ish text of an element, whitespace collapsed, capped so junk pages stay cheap. */
export function textOf(el: AnyNode, max = 2000): string {
  const parts: string[] = [];
  let len = 0;
  const stack: AnyNode[] = [el];
  while (stack.length > 0 && len < max) {
    const n = stack.pop()!;
    if (isText(n)) {
      parts.push(n.data);
      len += n.data.length;
    } else if (isTag(n)) {
      if (n !== el && TEXT_SKIP.has(n.name)) continue;
      if (n.name === 'br' || BLOCK.has(n.name)) parts.push(' \n ');
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return collapse(parts.join(''));
}

const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'span', 'a', 'time']);

/** Text split at element boundaries, for bylines where each name sits in its own element. */
export function textChunks(el: Element, max = 40): string[] {
  const chunks: string[] = [];
  let cur = '';
  const flush = (): void => {
    const c = collapse(cur);
    if (c) chunks.push(c);
    cur = '';
  };
  const visit = (n: AnyNode, depth: number): void => {
    if (chunks.length >= max || depth > 40) return;
    if (isText(n)) {
      cur += n.data;
    } else if (isTag(n)) {
      if (TEXT_SKIP.has(n.name)) return;
      const block = BLOCK.has(n.name) || n.name === 'br';
      if (block) flush();
      for (const c of n.children) visit(c, depth + 1);
      if (block) flush();
    }
  };
  visit(el, 0);
  flush();
  return chunks;
}

export function findDescendants(el: Element, pred: (e: Element) => boolean, limit = 50): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...el.children].reverse();
  while (stack.length > 0 && out.length < limit) {
    const n = stack.pop()!;
    if (!isTag(n)) continue;
    if (pred(n)) out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

export function closest(el: AnyNode, pred: (e: Element) => boolean, maxUp = 8): Element | null {
  let p: AnyNode | null = el;
  for (let i = 0; p && i <= maxUp; i++, p = p.parent) if (isTag(p) && pred(p)) return p;
  return null;
}
