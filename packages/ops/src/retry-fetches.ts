import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ErrorCode } from '@ingest/errors';
import { failureOf, type QueueSet } from '@ingest/queue';
import { SourceRegistry } from '@ingest/sources';
import { normalizeUrl } from '@ingest/urls';
import { OperatorError } from './errors.ts';

export interface RetryFetchesResult {
  retried: { url: string; jobId: string; code: ErrorCode; reason: string }[];
  /** Asked-for URLs without a failed fetch job. */
  notFailed: string[];
  /** A source's recorded failures that no job retry can fix: the source itself failed (a malformed sitemap) or the page ended by design. */
  notRetryable: { url: string; code: string; message: string }[];
}

const PAGE = 500;

async function allFailed(queue: { getFailed(start: number, end: number): Promise<Job[]> }): Promise<Job[]> {
  // Retried jobs leave the failed set while we page; collect first, then act.
  const all: Job[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    all.push(...page);
    if (page.length < PAGE) break;
  }
  return all;
}

/**
 * Retries failed fetch jobs: every one, those of one source (its recorded failures and any failed
 * job carrying its id), or those of the given URLs. What `ingest sources show` lists as a failure
 * is exactly what `--source` considers, so a suggested retry never silently does nothing.
 */
export async function retryFailedFetches(queues: QueueSet, redis: Redis, options: { sourceId?: string | undefined; urls?: readonly string[] | undefined }): Promise<RetryFetchesResult> {
  let wanted: Set<string> | null = null;
  if (options.urls && options.urls.length > 0) {
    try {
      wanted = new Set(options.urls.map((u) => normalizeUrl(u)));
    } catch (err) {
      throw new OperatorError(400, 'INVALID_URL', `Invalid URL: ${(err as Error).message}`);
    }
  }
  const registry = new SourceRegistry(redis, queues);
  if (options.sourceId) await registry.require(options.sourceId);
  const failures = options.sourceId ? await registry.failures(options.sourceId) : [];
  const fromFailures = new Set(failures.flatMap((f) => (f.jobId ? [f.jobId] : [])));
  const retried: RetryFetchesResult['retried'] = [];
  for (const job of await allFailed(queues.queues.fetch)) {
    const data = job.data;
    if (options.sourceId && data.sourceId !== options.sourceId && !fromFailures.has(job.id ?? '')) continue;
    if (wanted && (!data.url || !wanted.has(data.url))) continue;
    // job.retry() clears failedReason on the object: read it first.
    const failure = failureOf(job);
    await job.retry('failed');
    retried.push({ url: data.url ?? '', jobId: job.id ?? '', code: failure?.code ?? 'INTERNAL', reason: failure?.message ?? '' });
  }
  const done = new Set(retried.map((r) => r.url));
  const notFailed = wanted ? [...wanted].filter((u) => !done.has(u)) : [];
  const notRetryable = failures.filter((f) => !done.has(f.url)).map((f) => ({ url: f.url, code: f.code, message: f.message }));
  return { retried, notFailed, notRetryable };
}
