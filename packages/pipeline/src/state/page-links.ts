import type { Redis } from 'ioredis';
import { shortHash } from '@ingest/queue';
import { normalizeUrl } from '@ingest/urls';

// A page's links are what a crawl follows from it; one that links to more is cut here.
const MAX_LINKS = 2_000;
const TTL_SECONDS = 90 * 24 * 3600;

/**
 * The links a crawled page had when it was last extracted. An unchanged page (304, same bytes) is
 * not extracted again, so without them a crawl's next run (or another crawl of the same site)
 * would stop at its start page.
 */
export class PageLinks {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private key(url: string): string {
    return `${this.prefix}:links:${shortHash(url)}`;
  }

  /** Absolute, normalised, each once. */
  async save(url: string, links: readonly { url: string }[], baseUrl: string): Promise<void> {
    const out = new Set<string>();
    for (const link of links) {
      if (out.size >= MAX_LINKS) break;
      try {
        out.add(normalizeUrl(link.url, baseUrl));
      } catch {
        // Not a URL we would fetch.
      }
    }
    await this.redis.set(this.key(url), JSON.stringify([...out]), 'EX', TTL_SECONDS);
  }

  /** The page's links, or null when none were recorded (never extracted in a crawl, or expired). */
  async get(url: string): Promise<{ url: string }[] | null> {
    const raw = await this.redis.get(this.key(url));
    return raw === null ? null : (JSON.parse(raw) as string[]).map((u) => ({ url: u }));
  }
}
