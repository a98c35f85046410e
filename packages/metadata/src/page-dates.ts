/** Choosing publish and modification dates among structured data, meta tags, visible dates and the URL. */
import type { Element } from 'domhandler';
import { itempropValue, ld, nearHeadline, type Context } from './context.ts';
import { textOf, type PageScan } from './dom.ts';
import { parseDate, withOffset, type ParsedDate } from './dates.ts';
import { uniqueBy } from './text.ts';

export function extractDates(ctx: Context): { published: ParsedDate | null; modified: ParsedDate | null } {
  const publishedAll = publishedCandidates(ctx);
  const modifiedAll = modifiedCandidates(ctx);
  // a local time without zone takes the zone the page uses for its other timestamps
  const pageOffset = [...modifiedAll, ...publishedAll].map(parseDate).find((d) => d !== null && d.offset !== null && d.hasTime)?.offset ?? null;
  const localise = (d: ParsedDate | null): ParsedDate | null => (d && d.hasTime && !d.hasZone && pageOffset !== null ? withOffset(d, pageOffset) : d);
  return { published: localise(pickDate(publishedAll)), modified: localise(pickDate(modifiedAll)) };
}

function publishedCandidates(ctx: Context): unknown[] {
  const { meta, scan } = ctx;
  return [
    ld(ctx, 'datePublished'),
    ld(ctx, 'dateCreated'),
    ...meta.all(
      'article:published_time',
      'og:published_time',
      'article:published',
      'datepublished',
      'parsely-pub-date',
      'sailthru.date',
      'publish-date',
      'publishdate',
      'publish_date',
      'pubdate',
      'date',
      'dc.date',
      'dc.date.issued',
      'dcterms.date',
      'dcterms.issued',
      'dcterms.created',
      'dc.date.created',
      'article.published',
      'cxenseparse:recs:publishtime',
      'og:article:published_time',
      'bt:pubdate',
      'release_date',
      'originalpublicationdate',
      'displaydate',
    ),
    itempropValue(scan.itemprops, 'datePublished'),
    ...timeElements(scan.times),
    ...visibleDates(scan, ctx.url),
    urlDate(ctx.url),
  ];
}

function modifiedCandidates(ctx: Context): unknown[] {
  return [
    ld(ctx, 'dateModified'),
    ...ctx.meta.all('article:modified_time', 'og:updated_time', 'article:modified', 'datemodified', 'dc.date.modified', 'dcterms.modified', 'last-modified', 'lastmod'),
    itempropValue(ctx.scan.itemprops, 'dateModified'),
  ];
}

/** <time datetime>: an explicit publish marker first, then the first one in document order. */
function timeElements(times: Element[]): string[] {
  const marked = times.filter((t) => 'pubdate' in t.attribs || /publish|datepublished|created/i.test(`${t.attribs['class'] ?? ''} ${t.attribs['itemprop'] ?? ''}`));
  return uniqueBy([...marked, ...times.slice(0, 1)], (t) => String(times.indexOf(t))).map((t) => t.attribs['datetime'] ?? textOf(t, 100));
}

/** Date lines near the headline ("28.04.2023", "Do 25.04.24 | 14:07 Uhr"); the first that parses. */
function visibleDates(scan: PageScan, url: string): string[] {
  for (const el of [...scan.dateLabels.slice(0, 5), ...nearHeadline(scan, scan.dateLines, url).slice(0, 30)]) {
    const text = textOf(el, 200);
    if (text.length > 0 && text.length <= 120 && parseDate(text)) return [text];
  }
  return [];
}

function urlDate(url: string): string | null {
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|-|$)/.exec(url) ?? /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})[/_.-]/.exec(url);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

/**
 * Most trusted date wins, but a later source may add precision the first lacks
 * (date-only JSON-LD next to a full article:published_time for the same day).
 */
function pickDate(candidates: unknown[]): ParsedDate | null {
  const parsed = candidates.map(parseDate).filter((d): d is ParsedDate => d !== null);
  const first = parsed[0];
  if (!first) return null;
  if (first.hasTime && first.hasZone) return first;
  const richer = parsed.find((d) => d.day === first.day && d.hasTime && (d.hasZone || !first.hasTime));
  return richer ?? first;
}
