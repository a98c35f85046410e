import { randomBytes } from 'node:crypto';
import type { CrawlContext, CrawlScope } from '@ingest/contracts';
import { jobId, shortHash, type QueueSet } from '@ingest/queue';
import { IngestError, PermanentError } from '@ingest/errors';
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

/** One URL that is not in the queue: Redis refused the write (full), failed, or was not asked. */
export interface EnqueueFailure {
  url: string;
  jobId: string;
  error: string;
}

export interface EnqueueReport extends EnqueueResult {
  /** Empty when every URL was enqueued. A URL here does not exist as a job (see README for the one exception). */
  failed: EnqueueFailure[];
  /** The first error, for the caller's status code. */
  firstError: unknown;
}

/** One invalid URL of a batch, with its own code (INVALID_URL, UNSUPPORTED_SCHEME, URL_TOO_LONG). */
export interface InvalidUrl {
  url: string;
  code: string;
  message: string;
}

/** Normalises every URL; when any is invalid, throws one INVALID_URL error listing all of them. */
export function normalizeAll(urls: readonly string[]): string[] {
  const out: string[] = [];
  const invalid: InvalidUrl[] = [];
  for (const url of urls) {
    try {
      out.push(normalizeUrl(url));
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      invalid.push({ url: url.slice(0, 2_000), code: err.code, message: err.message });
    }
  }
  if (invalid.length > 0) {
    const first = invalid
      .slice(0, 3)
      .map((i) => i.message)
      .join('; ');
    throw new PermanentError('INVALID_URL', `${invalid.length} of ${urls.length} URLs are invalid, nothing was enqueued: ${first}${invalid.length > 3 ? '; …' : ''}`, { details: { invalid } });
  }
  return [...new Set(out)];
}

export function fetchJobId(url: string, crawlId?: string): string {
  return crawlId ? jobId('fetch', crawlId, shortHash(url)) : jobId('fetch', shortHash(url));
}

/**
 * Validates every URL first and enqueues nothing if any is invalid (the error lists them all).
 * Job ids are derived from the URL: enqueuing the same URL again while its job is queued, or within
 * a day of its fetch (URL state), is a no-op. Throws the first Redis error when a URL could not be
 * enqueued (workers retry the whole job; that is idempotent).
 */
export async function enqueueUrls(queues: QueueSet, frontier: CrawlFrontier, request: EnqueueRequest): Promise<EnqueueResult> {
  const report = await enqueueUrlsReporting(queues, frontier, request);
  if (report.failed.length > 0) throw report.firstError;
  return { enqueued: report.enqueued, crawlId: report.crawlId };
}

const IN_FLIGHT = 16;

/**
 * As enqueueUrls, but a Redis failure (full, down, frozen) is reported per URL instead of thrown:
 * each URL is one atomic BullMQ add, so `enqueued` lists exactly the jobs that exist and `failed`
 * the ones that do not. After the first failure no further URL is sent.
 */
export async function enqueueUrlsReporting(queues: QueueSet, frontier: CrawlFrontier, request: EnqueueRequest): Promise<EnqueueReport> {
  const urls = normalizeAll(request.urls);
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
  const outcomes: ({ jobId: string; created: boolean } | { jobId: string; error: unknown } | null)[] = Array.from({ length: urls.length }, () => null);
  let firstError: unknown;
  let next = 0;
  const lane = async () => {
    while (firstError === undefined && next < urls.length) {
      const i = next++;
      const url = urls[i]!;
      const id = fetchJobId(url, crawl?.crawlId);
      try {
        if (crawl && !(await frontier.claim(crawl, url))) continue;
        if (!crawl && (await frontier.fetchedRecently(url, id))) {
          outcomes[i] = { jobId: id, created: false };
          continue;
        }
        const payload = { url, enqueuedAt: now, ...(crawl ? { crawl } : {}), ...(request.sourceId ? { sourceId: request.sourceId } : {}), ...(request.runId ? { runId: request.runId } : {}) };
        const res = await queues.add('fetch', payload, id);
        outcomes[i] = { jobId: id, created: res.created };
      } catch (err) {
        firstError ??= err;
        outcomes[i] = { jobId: id, error: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, urls.length) }, lane));
  const enqueued: EnqueueResult['enqueued'] = [];
  const failed: EnqueueFailure[] = [];
  urls.forEach((url, i) => {
    const o = outcomes[i] ?? null;
    const jobId = fetchJobId(url, crawl?.crawlId);
    if (o === null) {
      // Skipped by the crawl budget, or never sent because an earlier URL failed.
      if (firstError !== undefined && i >= next) failed.push({ url, jobId, error: 'not sent: an earlier URL of the batch failed' });
    } else if ('error' in o) failed.push({ url, jobId, error: o.error instanceof Error ? o.error.message : String(o.error) });
    else enqueued.push({ url, jobId, created: o.created });
  });
  return { enqueued, crawlId: crawl?.crawlId ?? null, failed, firstError };
}
