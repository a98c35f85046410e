import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { STAGES, type QueueName } from '@ingest/contracts';
import { fetchJobId } from '@ingest/pipeline';
import type { ErrorCode } from '@ingest/errors';
import { failureOf, jobKey, scanKeys, shortHash, type QueueSet } from '@ingest/queue';
import { documentId, normalizeUrl } from '@ingest/urls';
import { conflict, notFound } from './errors.ts';

export interface JobView {
  queue: QueueName;
  id: string;
  state: string;
  url: string | null;
  attemptsMade: number;
  /** The registry code of the last failure, and whether retrying can help; null when no attempt failed. */
  code: ErrorCode | null;
  retryable: boolean | null;
  /** The last failure's message. */
  failedReason: string | null;
  createdAt: string | null;
  processedAt: string | null;
  finishedAt: string | null;
}

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);

function urlOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'url' in data && typeof data.url === 'string') return data.url;
  return null;
}

export async function jobView(queue: QueueName, job: Job, state?: string): Promise<JobView> {
  const failure = failureOf(job);
  return {
    queue,
    id: job.id ?? '',
    state: state ?? (await job.getState()),
    url: urlOf(job.data),
    attemptsMade: job.attemptsMade,
    code: failure?.code ?? null,
    retryable: failure?.retryable ?? null,
    failedReason: failure?.message ?? null,
    createdAt: iso(job.timestamp),
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
  };
}

/** Job hash keys matching `pattern`, leaving out BullMQ's per-job side keys (`:logs`, `:lock`). */
async function scanJobIds(redis: Redis, base: string, pattern: string): Promise<string[]> {
  const ids: string[] = [];
  await scanKeys(redis, `${base}${pattern}`, (keys) => {
    for (const k of keys) {
      const id = k.slice(base.length);
      if (!id.includes(':')) ids.push(id);
    }
  });
  return ids;
}

export interface UrlJobs {
  url: string;
  documentId: string;
  jobs: JobView[];
}

/**
 * Every job a URL left in each stage, found through the stages' deterministic job ids
 * (fetch: URL hash, optionally with a crawl id; extract: final-URL hash; index: document id).
 * Ids that carry a content digest are found with SCAN, which walks the whole keyspace: fine for an
 * operator's lookup, not for automation at scale.
 */
export async function findJobsByUrl(queues: QueueSet, redis: Redis, rawUrl: string): Promise<UrlJobs> {
  const url = normalizeUrl(rawUrl);
  const h = shortHash(url);
  // The fetch stage records the document id extraction produced (the canonical URL's).
  const docId = (await redis.hget(`${queues.prefix}:url:${h}`, 'docId')) ?? documentId(url);
  const base = (q: QueueName) => jobKey(queues.prefix, q, '');
  const candidates: [QueueName, string[]][] = await Promise.all([
    scanJobIds(redis, base('fetch'), `fetch-*${h}`).then((ids) => ['fetch', [...new Set([fetchJobId(url), ...ids])]] as [QueueName, string[]]),
    scanJobIds(redis, base('extract'), `extract-${h}-*`).then((ids) => ['extract', ids] as [QueueName, string[]]),
    scanJobIds(redis, base('index'), `index-*${docId}-*`).then((ids) => ['index', ids] as [QueueName, string[]]),
  ]);
  const jobs: JobView[] = [];
  for (const [queue, ids] of candidates) {
    for (const id of ids) {
      const job = await queues.queues[queue].getJob(id);
      if (job) jobs.push(await jobView(queue, job));
    }
  }
  jobs.sort((a, b) => STAGES.indexOf(a.queue) - STAGES.indexOf(b.queue) || (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  return { url, documentId: docId, jobs };
}

/** Failed jobs of one or every stage, newest first, with the reason each failed. */
export async function listFailed(queues: QueueSet, options: { queue?: QueueName | undefined; limit: number }): Promise<JobView[]> {
  const stages = options.queue ? [options.queue] : STAGES;
  const views: JobView[] = [];
  for (const queue of stages) {
    const jobs = await queues.queues[queue].getFailed(0, options.limit - 1);
    for (const job of jobs) views.push(await jobView(queue, job, 'failed'));
  }
  return views.sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? '')).slice(0, options.limit);
}

export async function retryJob(queues: QueueSet, queue: QueueName, id: string): Promise<JobView> {
  const job = await queues.queues[queue].getJob(id);
  if (!job) throw notFound(`No job "${id}" in queue ${queue}. Failed jobs are kept 7 days; list them with: ingest jobs failed`);
  const state = await job.getState();
  if (state !== 'failed') throw conflict(`Job "${id}" is ${state}, not failed; only failed jobs can be retried.`);
  await job.retry('failed');
  return jobView(queue, job);
}

/** Moves every failed job (of one stage or all) back to waiting; returns how many per stage. */
export async function retryAllFailed(queues: QueueSet, queue?: QueueName): Promise<Record<string, number>> {
  const retried: Record<string, number> = {};
  for (const stage of queue ? [queue] : STAGES) {
    const q = queues.queues[stage];
    const count = await q.getFailedCount();
    if (count > 0) await q.retryJobs({ state: 'failed', count: 1000 });
    retried[stage] = count;
  }
  return retried;
}
