import { SourceError } from '../errors.ts';
import { walkXml } from '../xml-events.ts';

export interface SitemapEntry {
  url: string;
  /** ms since epoch, or null when absent or unparsable. */
  lastmod: number | null;
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
  let truncated = false;
  const root = walkXml(xml, {
    open(path) {
      if (path.length === 2 && (path[1] === 'url' || path[1] === 'sitemap')) {
        loc = null;
        lastmod = null;
      }
    },
    close(path, text) {
      if (path.length === 3 && path[2] === 'loc') loc = text;
      else if (path.length === 3 && path[2] === 'lastmod') lastmod = parseDate(text);
      else if (path.length === 2 && (path[1] === 'url' || path[1] === 'sitemap') && loc) {
        if (entries.length < maxEntries) entries.push({ url: loc, lastmod });
        else truncated = true;
      }
    },
  });
  if (root === 'urlset') return { kind: 'urlset', urls: entries, truncated };
  if (root === 'sitemapindex') return { kind: 'index', sitemaps: entries, truncated };
  throw new SourceError('SITEMAP_MALFORMED', `${url} is not a sitemap: expected <urlset> or <sitemapindex>, found ${root ? `<${root}>` : 'no XML element'}`);
}
