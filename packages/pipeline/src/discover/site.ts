import { IngestError, RateLimitedError } from '@ingest/errors';
import { classifyDocument, COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS, feedLinks, maybeGunzip, type DiscoveredSource, type DiscoveredVia, type SiteDiscovery } from '@ingest/sources';
import { normalizeUrl } from '@ingest/urls';
import type { PageFetcher } from '../fetch/fetcher.ts';

const ACCEPT = 'application/rss+xml,application/atom+xml,application/feed+json,application/xml,text/xml,application/json;q=0.9,*/*;q=0.5';
const MAX_BYTES = 50 * 1024 * 1024;

interface Candidate {
  url: string;
  via: DiscoveredVia;
  title?: string | undefined;
}

/**
 * Finds a site's feeds and sitemaps from its homepage, to offer them as sources: feeds declared
 * with `<link rel="alternate">`, sitemaps listed in robots.txt, then the common paths of both.
 * Every candidate is fetched (through the pipeline's fetcher: politeness, robots, network guard)
 * and kept only if its content parses as a feed or sitemap; each is reported once, under the URL
 * it ends at, with where it was declared first. Declared candidates that fail are listed as
 * problems; undeclared common paths that fail are simply absent.
 */
export async function discoverSite(fetcher: PageFetcher, homepage: string, options: { signal?: AbortSignal; maxBytes?: number } = {}): Promise<SiteDiscovery> {
  const url = normalizeUrl(homepage);
  const origin = new URL(url).origin;
  const result: SiteDiscovery = { url, feeds: [], sitemaps: [], problems: [] };
  const candidates: Candidate[] = [];
  const home = await fetcher.fetch(url, { signal: options.signal });
  for (const link of feedLinks(home.body.toString('utf8'), home.finalUrl)) candidates.push({ url: link.url, via: 'link', title: link.title });
  for (const sitemap of await fetcher.robotsSitemaps(url).catch(() => [])) candidates.push({ url: sitemap, via: 'robots' });
  for (const path of [...COMMON_FEED_PATHS, ...COMMON_SITEMAP_PATHS]) candidates.push({ url: new URL(path, origin).href, via: 'common-path' });

  const tried = new Set<string>();
  const found = new Set<string>();
  for (const c of candidates) {
    let key: string;
    try {
      key = normalizeUrl(c.url);
    } catch (err) {
      if (c.via !== 'common-path') result.problems.push({ url: c.url, via: c.via, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (tried.has(key) || found.has(key)) continue;
    tried.add(key);
    try {
      const res = await fetcher.fetch(key, { signal: options.signal, accept: ACCEPT, maxBytes: options.maxBytes ?? MAX_BYTES });
      const finalUrl = normalizeUrl(res.finalUrl);
      if (found.has(finalUrl)) continue;
      const what = classifyDocument(maybeGunzip(res.body, options.maxBytes ?? MAX_BYTES, finalUrl).toString('utf8'), finalUrl);
      if (!what) {
        if (c.via !== 'common-path') result.problems.push({ url: c.url, via: c.via, message: 'neither a feed nor a sitemap' });
        continue;
      }
      found.add(finalUrl);
      tried.add(finalUrl);
      const entry: DiscoveredSource = { url: finalUrl, via: c.via, ...what, ...(c.title ? { title: c.title } : {}) };
      (what.kind === 'feed' ? result.feeds : result.sitemaps).push(entry);
    } catch (err) {
      // A busy host is worth saying so: the caller may try again later.
      if (err instanceof RateLimitedError || !(err instanceof IngestError)) throw err;
      if (c.via !== 'common-path') result.problems.push({ url: c.url, via: c.via, message: `${err.code}: ${err.message}` });
    }
  }
  return result;
}
