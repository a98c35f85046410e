/** What every field extractor reads: the one-pass scan, meta tags, JSON-LD and the page URL. */
import type { Element } from 'domhandler';
import { textOf, type PageScan } from './dom.ts';
import type { JsonObject } from './jsonld.ts';
import type { MetaIndex } from './meta.ts';
import { clean } from './text.ts';
import { isHomeLinkHeading } from './home-link.ts';

const MAX_LOGO_H1S = 3;

export interface Context {
  scan: PageScan;
  meta: MetaIndex;
  nodes: JsonObject[];
  byId: Map<string, JsonObject>;
  article: JsonObject | null;
  url: string;
}

/** A property of the page's article node in JSON-LD. */
export function ld(ctx: Context, key: string): unknown {
  return ctx.article?.[key];
}

export function itempropValue(itemprops: Element[], prop: string): string | null {
  for (const el of itemprops) {
    if (!(el.attribs['itemprop'] ?? '').split(/\s+/).includes(prop)) continue;
    const v = el.attribs['content'] ?? el.attribs['datetime'] ?? textOf(el, 500);
    const c = clean(v);
    if (c) return c;
  }
  return null;
}

/**
 * Bylines right after the headline first (the article's own), then the rest in document order. The
 * headline is the first h1 that is not the site's name linking home (a logo above the menus' teasers).
 */
export function nearHeadline(scan: PageScan, els: Element[], url: string): Element[] {
  const h1 = scan.h1s.slice(0, MAX_LOGO_H1S).find((h) => !isHomeLinkHeading(h, url)) ?? scan.h1s[0];
  const h1Pos = h1 ? (scan.order.get(h1) ?? 0) : 0;
  const pos = (e: Element): number => scan.order.get(e) ?? 0;
  return [...els.filter((e) => pos(e) > h1Pos).sort((a, b) => pos(a) - pos(b)), ...els.filter((e) => pos(e) <= h1Pos)];
}
