/**
 * Which on-page heading is the article's headline, and whether the page's titles carry it. The
 * article's headline is among the first h1s; on pages whose h1 is only a breadcrumb crumb it is an
 * h2, taken only when a metadata title confirms it (the other h2s are teasers and section heads).
 */
import type { Element } from 'domhandler';
import type { PageScan } from './dom.ts';
import { confirms, isBreadcrumb, readHeading } from './headline.ts';
import { isSiteLabel } from './title.ts';
import { fold } from './text.ts';

export interface VisibleHeadline {
  text: string;
  /** The page marks a kicker off the headline, so titles framing the headline are known to add one. */
  kickerOut: boolean;
}

/** A page of hundreds of h1s is junk or a listing; its headline is not past the first few. */
const MAX_H1S = 20;

/**
 * `siteHeadings`: headings that name the site (a link home), never the headline.
 * `metaTitles`: every metadata title, stripped and raw. `editorial`: the JSON-LD headline, which
 * the CMS renders from the same field as the heading, while <title>/og:title are often SEO
 * rewrites that prepend a topic: a kicker stays in the headline only when the editorial title has it.
 */
export function visibleHeadline(scan: PageScan, metaTitles: string[], editorial: string[], labels: string[], siteHeadings: Element[] = []): VisibleHeadline | null {
  let first: string | null = null;
  for (const el of scan.h1s.slice(0, MAX_H1S)) {
    const { text, core } = readHeading(el);
    if (text.length < 4 || isSiteLabel(text, labels) || isBreadcrumb(el) || siteHeadings.includes(el)) continue;
    first ??= text;
    const found = confirmedReading(text, core, metaTitles, editorial);
    if (found) return found;
  }
  if (first !== null) return { text: first, kickerOut: false };
  for (const el of scan.h2s) {
    const { text, core } = readHeading(el);
    if (text.length < 4 || isSiteLabel(text, labels) || isBreadcrumb(el) || siteHeadings.includes(el)) continue;
    const found = confirmedReading(text, core, metaTitles, editorial);
    if (found) return found;
  }
  return null;
}

function confirmedReading(text: string, core: string | null, metaTitles: string[], editorial: string[]): VisibleHeadline | null {
  if (metaTitles.some((m) => sameTitle(m, text))) {
    if (!core) return { text, kickerOut: false };
    // kicker and headline as the editorial title joins them ("Kicker: Headline"), punctuation included
    const joined = editorial.find((m) => sameTitle(m, text));
    return joined ? { text: joined, kickerOut: false } : { text: core, kickerOut: true };
  }
  if (core && metaTitles.some((m) => sameTitle(m, core) || confirms(m, core))) return { text: core, kickerOut: true };
  if (!core && metaTitles.some((m) => confirms(m, text))) return { text, kickerOut: false };
  return null;
}

export function sameTitle(a: string, b: string): boolean {
  return fold(a).replace(/\s+/g, '') === fold(b).replace(/\s+/g, '');
}
