import { Parser } from 'htmlparser2';
import { parseFeed } from './feed/parse.ts';
import { parseSitemap } from './sitemap/parse.ts';

/** Where a discovered feed or sitemap was declared. */
export type DiscoveredVia = 'link' | 'robots' | 'common-path';

export interface DiscoveredSource {
  /** The URL to register (after redirects). */
  url: string;
  kind: 'feed' | 'sitemap';
  via: DiscoveredVia;
  /** feed: rss, atom, rdf or json; sitemap: urlset or index. */
  format: string;
  /** How many entries it lists (items, URLs or child sitemaps). */
  entries: number;
  /** `<link title>` of a feed, when given. */
  title?: string;
  /** A sitemap with Google News fields (`news:news`). */
  news?: boolean;
}

export interface SiteDiscovery {
  url: string;
  feeds: DiscoveredSource[];
  sitemaps: DiscoveredSource[];
  /** Declared candidates (links, robots.txt lines) that could not be fetched or parsed, with why. */
  problems: { url: string; via: DiscoveredVia; message: string }[];
}

/** Paths where sites commonly serve feeds and sitemaps without declaring them. */
export const COMMON_FEED_PATHS = ['/feed', '/rss', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml', '/feed.json'];
export const COMMON_SITEMAP_PATHS = ['/sitemap.xml', '/sitemap_index.xml', '/sitemap-index.xml', '/news-sitemap.xml', '/sitemap-news.xml'];

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json', 'application/json', 'application/x-rss+xml', 'text/xml', 'application/xml']);

/** `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href>` of a page, resolved against it. */
export function feedLinks(html: string, pageUrl: string): { url: string; title?: string }[] {
  const out: { url: string; title?: string }[] = [];
  let base = pageUrl;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'base' && attrs.href) {
        try {
          base = new URL(attrs.href, pageUrl).href;
        } catch {
          // An unusable <base> leaves links relative to the page.
        }
      }
      if (name !== 'link' || !attrs.href) return;
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      const type = (attrs.type ?? '').toLowerCase().split(';')[0]!.trim();
      if (!rel.includes('alternate') || !FEED_TYPES.has(type)) return;
      try {
        const url = new URL(attrs.href, base);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
        url.hash = '';
        out.push({ url: url.href, ...(attrs.title ? { title: attrs.title.trim() } : {}) });
      } catch {
        // An unparsable href is not a feed.
      }
    },
  });
  parser.write(html);
  parser.end();
  return out;
}

/** What a fetched document is, by its content: a feed, a sitemap, or neither (null). */
export function classifyDocument(text: string, url: string, maxEntries = 50_000): Pick<DiscoveredSource, 'kind' | 'format' | 'entries' | 'news'> | null {
  try {
    const feed = parseFeed(text, url, maxEntries);
    return { kind: 'feed', format: feed.format, entries: feed.items.length };
  } catch {
    // not a feed; maybe a sitemap
  }
  try {
    const sitemap = parseSitemap(text, url, maxEntries);
    if (sitemap.kind === 'index') return { kind: 'sitemap', format: 'index', entries: sitemap.sitemaps.length };
    return { kind: 'sitemap', format: 'urlset', entries: sitemap.urls.length, ...(sitemap.urls.some((u) => u.news) ? { news: true } : {}) };
  } catch {
    return null;
  }
}

/** A source id for a discovered URL: host and path, lower-case, within SOURCE_ID_PATTERN. */
export function suggestedSourceId(url: string, kind: 'feed' | 'sitemap'): string {
  const u = new URL(url);
  const slug = `${u.hostname.replace(/^www\./, '')}-${u.pathname}`
    .toLowerCase()
    .replace(/\.(xml|json|gz)$/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${kind}-${slug}`.slice(0, 64).replace(/-+$/, '');
}
