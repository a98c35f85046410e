import { SourceError } from '../errors.ts';
import { parseDate } from '../sitemap/parse.ts';
import { walkXml } from '../xml-events.ts';

export interface FeedItem {
  url: string;
  /** Last update (or publication) time in ms, or null. */
  updated: number | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  items: FeedItem[];
  truncated: boolean;
}

/** RSS 2.0 (and 1.0/RDF), Atom or JSON Feed, told apart by content rather than Content-Type, which feeds often get wrong. */
export function parseFeed(text: string, url: string, maxItems: number): ParsedFeed {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, url, maxItems);
  return parseXmlFeed(text, url, maxItems);
}

function parseJsonFeed(text: string, url: string, maxItems: number): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SourceError('FEED_MALFORMED', `${url} looks like JSON but does not parse: ${(err as Error).message}`, { cause: err });
  }
  const feed = doc as { version?: unknown; items?: unknown };
  if (typeof feed.version !== 'string' || !feed.version.startsWith('https://jsonfeed.org/version/') || !Array.isArray(feed.items)) {
    throw new SourceError('FEED_MALFORMED', `${url} is JSON but not a JSON Feed (needs "version": "https://jsonfeed.org/version/1.1" and "items")`);
  }
  const items: FeedItem[] = [];
  for (const raw of feed.items as unknown[]) {
    const item = raw as { url?: unknown; external_url?: unknown; date_modified?: unknown; date_published?: unknown };
    const link = typeof item.url === 'string' ? item.url : typeof item.external_url === 'string' ? item.external_url : null;
    if (!link) continue;
    const date = typeof item.date_modified === 'string' ? item.date_modified : typeof item.date_published === 'string' ? item.date_published : null;
    items.push({ url: link, updated: parseDate(date) });
  }
  return { format: 'json', items: items.slice(0, maxItems), truncated: items.length > maxItems };
}

function parseXmlFeed(xml: string, url: string, maxItems: number): ParsedFeed {
  const items: FeedItem[] = [];
  let link: string | null = null;
  let guid: string | null = null;
  let updated: number | null = null;
  let truncated = false;
  const isItem = (name: string | undefined) => name === 'item' || name === 'entry';
  const root = walkXml(xml, {
    open(path, attrs) {
      const name = path[path.length - 1];
      if (isItem(name)) {
        link = null;
        guid = null;
        updated = null;
      }
      // Atom: <link href> with rel="alternate" or no rel is the entry's page.
      if (name === 'link' && isItem(path[path.length - 2]) && attrs.href !== undefined) {
        const rel = attrs.rel ?? 'alternate';
        if (rel === 'alternate' && link === null) link = attrs.href;
      }
    },
    close(path, text) {
      const name = path[path.length - 1];
      const parent = path[path.length - 2];
      if (isItem(parent)) {
        if (name === 'link' && text && link === null) link = text;
        else if (name === 'guid' && text) guid = text;
        else if (name === 'updated' || name === 'pubdate' || name === 'published' || name === 'dc:date') updated = Math.max(updated ?? 0, parseDate(text) ?? 0) || updated;
      } else if (isItem(name)) {
        const target = link ?? (guid && /^https?:\/\//i.test(guid) ? guid : null);
        if (target) {
          if (items.length < maxItems) items.push({ url: target, updated });
          else truncated = true;
        }
      }
    },
  });
  const format = root === 'rss' ? 'rss' : root === 'feed' ? 'atom' : root === 'rdf:rdf' ? 'rdf' : null;
  if (!format) throw new SourceError('FEED_MALFORMED', `${url} is not a feed: expected <rss>, <feed> (Atom), <rdf:RDF> or JSON Feed, found ${root ? `<${root}>` : 'no XML element'}`);
  return { format, items, truncated };
}
