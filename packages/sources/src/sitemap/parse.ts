import { SourceError } from '../errors.ts';
import { walkXml } from '../xml-events.ts';

export interface SitemapEntry {
  url: string;
  /** ms since epoch, or null when absent or unparsable; a Google News entry's publication date when it has no lastmod. */
  lastmod: number | null;
  /** Google News sitemap fields (`<news:news>`), when present. */
  news?: NewsFields;
  /** `<xhtml:link rel="alternate" hreflang>` versions of the page in other languages or regions. */
  alternates?: { hreflang: string; url: string }[];
}

export interface NewsFields {
  /** ms since epoch, or null. */
  publicationDate: number | null;
  title: string | null;
  /** `<news:publication><news:language>`: ISO 639 code, e.g. en, zh-cn. */
  language: string | null;
  publicationName: string | null;
}

export type ParsedSitemap = { kind: 'urlset'; urls: SitemapEntry[] } | { kind: 'index'; sitemaps: SitemapEntry[] };

export function parseDate(value: string | undefined | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value.trim());
  return Number.isFinite(ms) ? ms : null;
}

/**
 * A sitemap (<urlset>) or sitemap index (<sitemapindex>) per sitemaps.org. Anything else is
 * SITEMAP_MALFORMED. Entries stop at `maxEntries`; the caller records that the limit was hit.
 */
export function parseSitemap(xml: string, url: string, maxEntries: number): ParsedSitemap & { truncated: boolean } {
  const entries: SitemapEntry[] = [];
  let loc: string | null = null;
  let lastmod: number | null = null;
  let news: NewsFields | null = null;
  let alternates: { hreflang: string; url: string }[] = [];
  let truncated = false;
  const root = walkXml(xml, {
    open(path, attrs) {
      if (path.length === 2 && (path[1] === 'url' || path[1] === 'sitemap')) {
        loc = null;
        lastmod = null;
        news = null;
        alternates = [];
      } else if (path.length === 3 && path[2] === 'news:news') news = { publicationDate: null, title: null, language: null, publicationName: null };
      else if (path.length === 3 && path[2] === 'xhtml:link' && attrs.rel === 'alternate' && attrs.hreflang && attrs.href) alternates.push({ hreflang: attrs.hreflang, url: attrs.href });
    },
    close(path, text) {
      const leaf = path[path.length - 1];
      if (path.length === 3 && leaf === 'loc') loc = text;
      else if (path.length === 3 && leaf === 'lastmod') lastmod = parseDate(text);
      else if (news && path[2] === 'news:news' && path.length >= 4) {
        if (leaf === 'news:publication_date') news.publicationDate = parseDate(text);
        else if (leaf === 'news:title') news.title = text || null;
        else if (leaf === 'news:language') news.language = text.toLowerCase() || null;
        else if (leaf === 'news:name') news.publicationName = text || null;
      } else if (path.length === 2 && (path[1] === 'url' || path[1] === 'sitemap') && loc) {
        const entry: SitemapEntry = { url: loc, lastmod: lastmod ?? news?.publicationDate ?? null };
        if (news) entry.news = news;
        if (alternates.length > 0) entry.alternates = alternates;
        if (entries.length < maxEntries) entries.push(entry);
        else truncated = true;
      }
    },
  });
  if (root === 'urlset') return { kind: 'urlset', urls: entries, truncated };
  if (root === 'sitemapindex') return { kind: 'index', sitemaps: entries, truncated };
  throw new SourceError('SITEMAP_MALFORMED', `${url} is not a sitemap: expected <urlset> or <sitemapindex>, found ${root ? `<${root}>` : 'no XML element'}`);
}
