import type { Redis } from 'ioredis';
import type { Config } from '@ingest/config';
import { discoverSite, HttpPageFetcher, type PageFetcher } from '@ingest/pipeline';
import type { SiteDiscovery } from '@ingest/sources';
import { createPoliteness } from './politeness.ts';

export type DiscoverSite = (url: string, signal?: AbortSignal) => Promise<SiteDiscovery>;

/**
 * Feed and sitemap discovery for a process that has no fetcher of its own (the CLI): the
 * pipeline's fetcher with the shared per-host limits and robots.txt, so discovery is as polite and
 * as guarded as a crawl. A process with a fetcher passes it instead.
 */
export function siteDiscovery(config: Config, redis: Redis, fetcher?: PageFetcher): DiscoverSite {
  const f = fetcher ?? new HttpPageFetcher(config, createPoliteness(config, redis));
  return (url, signal) => discoverSite(f, url, signal ? { signal } : {});
}
