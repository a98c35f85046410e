import { randomBytes } from 'node:crypto';
import type { CrawlContext, CrawlScope } from '@ingest/contracts';
import { jobId, shortHash, type QueueSet } from '@ingest/queue';
import { normalizeUrl } from '@ingest/urls';
import { CrawlFrontier } from './crawl.ts';

export interface EnqueueRequest {
  urls: string[];
  crawl?: { maxPages: number; maxDepth: number; scope?: Partial<CrawlScope> } | undefined;
  sourceId?: string | undefined;
  /** The source run these URLs belong to. */
  runId?: string | undefined;
  /** A deterministic crawl id (source runs); default random. */
  crawlId?: string | undefined;
}

export interface EnqueueResult {
  enqueued: { url: string; jobId: string; created: boolean }[];
  crawlId: string | null;
}

export function fetchJobId(url: string, crawlId?: string): string {
  return crawlId ? jobId('fetch', crawlId, shortHash(url)) : jobId('fetch', shortHash(url));
}

/**
 * Validates every URL first and enqueues nothing if any is invalid, so an operator never gets a
 * half-enqueued batch. Job ids are derived from the URL: enqueuing the same URL again is a no-op.
 */
export async function enqueueUrls(queues: QueueSet, frontier: CrawlFrontier, request: EnqueueRequest): Promise<EnqueueResult> {
  const urls = [...new Set(request.urls.map((u) => normalizeUrl(u)))];
  const now = new Date().toISOString();
  let crawl: CrawlContext | undefined;
  if (request.crawl) {
    const scope: CrawlScope = {
      mode: request.crawl.scope?.mode ?? 'host',
      startUrls: urls,
      ...(request.crawl.scope?.pathPrefixes ? { pathPrefixes: request.crawl.scope.pathPrefixes } : {}),
      ...(request.crawl.scope?.include ? { include: request.crawl.scope.include } : {}),
      ...(request.crawl.scope?.exclude ? { exclude: request.crawl.scope.exclude } : {}),
    };
    crawl = { crawlId: request.crawlId ?? randomBytes(8).toString('hex'), depth: 0, maxDepth: request.crawl.maxDepth, maxPages: request.crawl.maxPages, scope };
  }
  const enqueued: EnqueueResult['enqueued'] = [];
  for (const url of urls) {
    if (crawl && !(await frontier.claim(crawl, url))) continue;
    const id = fetchJobId(url, crawl?.crawlId);
    const res = await queues.add('fetch', { url, enqueuedAt: now, ...(crawl ? { crawl } : {}), ...(request.sourceId ? { sourceId: request.sourceId } : {}), ...(request.runId ? { runId: request.runId } : {}) }, id);
    enqueued.push({ url, jobId: id, created: res.created });
  }
  return { enqueued, crawlId: crawl?.crawlId ?? null };
}
