import type { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { hostKeys } from './keys.ts';
import { REMEMBER_PAGE } from './template-script.ts';

/** An extracted page: its extract job without the crawl context (links were followed once). */
export interface PageRef {
  docId: string;
  job: Omit<ExtractJob, 'crawl'>;
}

interface StoredPage extends PageRef {
  /** Fingerprint prefixes: a rare prefix collision only costs one needless re-extraction. */
  fps: string[];
}

const FP_PREFIX = 8;

/**
 * The last `cap` pages extracted per host, so pages extracted before a template block was learned
 * can be extracted again. Bound: cap (200) pages × (≈300 B + 9 B per distinct block) per host;
 * a page pushed out before its template is learned keeps the blocks (logged as a limitation).
 */
export class RecentPages {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly cap: number;
  private readonly ttlSeconds: number;

  constructor(redis: Redis, prefix: string, options: { cap?: number; ttlDays?: number } = {}) {
    this.redis = redis;
    this.prefix = prefix;
    this.cap = options.cap ?? 200;
    this.ttlSeconds = (options.ttlDays ?? 90) * 86_400;
  }

  async remember(host: string, docRef: string, page: PageRef, fingerprints: Iterable<string>): Promise<void> {
    const keys = hostKeys(this.prefix, host);
    const fps = [...new Set([...fingerprints].map((f) => f.slice(0, FP_PREFIX)))];
    const stored: StoredPage = { ...page, fps };
    await this.redis.eval(REMEMBER_PAGE, 2, keys.recent, keys.recentOrder, docRef, JSON.stringify(stored), String(Date.now()), String(this.cap), String(this.ttlSeconds));
  }

  /** Remembered pages holding any of the given fingerprints. */
  async holding(host: string, fingerprints: Iterable<string>, exceptDocId?: string): Promise<PageRef[]> {
    const wanted = new Set([...fingerprints].map((f) => f.slice(0, FP_PREFIX)));
    const all = await this.redis.hvals(hostKeys(this.prefix, host).recent);
    const out: PageRef[] = [];
    for (const row of all) {
      const { fps, ...page } = JSON.parse(row) as StoredPage;
      if (page.docId !== exceptDocId && fps.some((f) => wanted.has(f))) out.push(page);
    }
    return out;
  }
}
