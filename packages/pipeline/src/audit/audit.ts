import type { Job, JobType } from 'bullmq';
import { STAGES, type FetchJob, type QueueName } from '@ingest/contracts';
import { failureOf, type JobFailure, type PipelineStats, type QueueSet } from '@ingest/queue';
import type { SearchIndex } from '@ingest/search-index';
import type { Redis } from 'ioredis';
import { UrlStateStore, type UrlState } from '../state/url-state.ts';
import { classifyPage, type LastError, type PageFacts, type PageVerdict } from './classify.ts';
import { PENDING_STATES, indexedDocuments, jobsOf } from './collect.ts';

export interface AuditDeps {
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
  searchIndex: SearchIndex;
  /** When given, each lost page's archived capture is looked up (was it fetched at all?). */
  archive?: { exists(key: string): Promise<boolean> } | undefined;
}

export interface AuditProgress {
  phase: 'jobs' | 'state' | 'index' | 'archive' | 'repair';
  done: number;
  total: number | null;
}

export interface LostPage {
  url: string;
  fetchJobId: string;
  docId: string | null;
  stage: NonNullable<PageVerdict['stage']>;
  lastError: LastError | null;
  /** The raw capture is in S3 (null: not checked or never archived). */
  archived: boolean | null;
}

export interface AuditReport {
  at: string;
  durationMs: number;
  /** Distinct URLs with a fetch job in the queue (failed kept 7 d) or a completed fetch in the ledger (90 d). */
  accepted: number;
  indexed: number;
  pending: number;
  /** Pages that ended without a document by design, by code (NO_ARTICLE, HTTP_GONE, …). */
  ended: Record<string, number>;
  lost: number;
  lostPages: LostPage[];
  /** Failed jobs still in the queues, by stage and code. */
  failedJobs: Record<string, Record<string, number>>;
  /** Documents in the index, and URLs that more than one document claims. */
  documents: number;
  duplicates: { url: string; ids: string[] }[];
  /** Set when the audit counted one source run's pages only. */
  run?: { sourceId: string; runId: string | null };
}

/** A URL's latest finished fetch: from its job while BullMQ keeps it, else from the fetch ledger. */
interface FinishedFetch {
  state: 'completed' | 'failed';
  failure: JobFailure | null;
  returnValue: PageFacts['fetch']['returnValue'];
  finishedOn: number;
  jobId: string;
}

interface FetchEntry {
  url: string;
  pending: boolean;
  latest: FinishedFetch | null;
}

function finishedOf(job: Job, state: JobType): FinishedFetch {
  return {
    state: state === 'failed' ? 'failed' : 'completed',
    failure: state === 'failed' ? failureOf(job) : null,
    returnValue: (job.returnvalue as PageFacts['fetch']['returnValue']) ?? null,
    finishedOn: job.finishedOn ?? 0,
    jobId: job.id ?? '',
  };
}

function newer(a: FinishedFetch | null, b: FinishedFetch): FinishedFetch {
  return !a || b.finishedOn > a.finishedOn ? b : a;
}

const FINISHED: readonly JobType[] = ['completed', 'failed'];
const STAGE_DEPTH: Record<string, number> = { fetch: 0, render: 0.5, extract: 1, index: 2 };

/** A failed job's code; a failed job always has a reason, so INTERNAL only guards the type. */
function codeOf(job: Job): string {
  return failureOf(job)?.code ?? 'INTERNAL';
}

function lastErrorOf(queue: string, job: Job): LastError {
  const failure = failureOf(job);
  return { queue, jobId: job.id ?? null, code: failure?.code ?? 'INTERNAL', message: failure?.message ?? '', at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null };
}

function deeper(a: LastError | null, b: LastError): LastError {
  return !a || (STAGE_DEPTH[b.queue] ?? 0) > (STAGE_DEPTH[a.queue] ?? 0) ? b : a;
}

type Progress = ((p: AuditProgress) => void) | undefined;

/** What the queues hold: fetch jobs by URL, later stages' failed and pending jobs by URL or document. */
async function readQueues(deps: AuditDeps, onProgress: Progress) {
  const fetches = new Map<string, FetchEntry>();
  const pendingUrls = new Set<string>();
  const pendingDocs = new Set<string>();
  const failedByUrl = new Map<string, Job[]>();
  const failedByDoc = new Map<string, Job[]>();
  const failedJobs: Record<string, Record<string, number>> = {};
  let read = 0;
  const tick = () => {
    if (++read % 1000 === 0) onProgress?.({ phase: 'jobs', done: read, total: null });
  };
  for await (const { state, job } of jobsOf(deps.queues.queues.fetch, [...PENDING_STATES, ...FINISHED])) {
    tick();
    const url = job.data.url;
    if (!url) continue;
    const e = fetches.get(url) ?? { url, pending: false, latest: null };
    if (PENDING_STATES.includes(state)) e.pending = true;
    else e.latest = newer(e.latest, finishedOf(job, state));
    if (state === 'failed') {
      const byCode = (failedJobs.fetch ??= {});
      const code = codeOf(job);
      byCode[code] = (byCode[code] ?? 0) + 1;
    }
    fetches.set(url, e);
  }
  for (const queue of STAGES.filter((q) => q !== 'fetch')) {
    for await (const { state, job } of jobsOf(deps.queues.queues[queue], [...PENDING_STATES, 'failed'])) {
      tick();
      const data = job.data as { url?: string; docId?: string };
      const pending = state !== 'failed';
      if (!pending) {
        const byCode = (failedJobs[queue] ??= {});
        const code = codeOf(job);
        byCode[code] = (byCode[code] ?? 0) + 1;
      }
      // render and extract jobs are the page's, named by URL; later ones by document.
      if ((queue === 'extract' || queue === 'render') && data.url) {
        if (pending) pendingUrls.add(data.url);
        else failedByUrl.set(data.url, [...(failedByUrl.get(data.url) ?? []), job]);
      } else if (queue === 'index' && data.docId) {
        if (pending) pendingDocs.add(data.docId);
        else failedByDoc.set(data.docId, [...(failedByDoc.get(data.docId) ?? []), job]);
      }
    }
  }
  await addLedger(deps, fetches, tick);
  return { fetches, pendingUrls, pendingDocs, failedByUrl, failedByDoc, failedJobs };
}

/**
 * Completed fetch jobs are trimmed (JOB_KEEP_COMPLETED), so the accepted URLs come from the fetch
 * ledger too, each with its last completed fetch as recorded in its URL state.
 */
async function addLedger(deps: AuditDeps, fetches: Map<string, FetchEntry>, tick: () => void): Promise<void> {
  const store = new UrlStateStore(deps.redis, deps.queues.prefix);
  let batch: string[] = [];
  const flush = async () => {
    const records = await store.fetchRecords(batch);
    batch.forEach((url, i) => {
      const r = records[i];
      if (!r) return;
      const e = fetches.get(url) ?? { url, pending: false, latest: null };
      e.latest = newer(e.latest, {
        state: 'completed',
        failure: null,
        returnValue: { outcome: r.outcome, ...(r.code ? { code: r.code } : {}), ...(r.reason ? { reason: r.reason } : {}) },
        finishedOn: r.finishedOn,
        jobId: r.jobId,
      });
      fetches.set(url, e);
    });
    batch = [];
  };
  for await (const url of store.fetchedUrls()) {
    tick();
    batch.push(url);
    if (batch.length >= 500) await flush();
  }
  if (batch.length > 0) await flush();
}

/** The deepest failed later-stage job for the bytes the page last archived. */
function downstreamFailure(url: string, state: UrlState, q: Awaited<ReturnType<typeof readQueues>>): LastError | null {
  let found: LastError | null = null;
  const current = (job: Job) => !state.digest || (job.data as { contentDigest?: string }).contentDigest === state.digest;
  for (const job of q.failedByUrl.get(url) ?? []) if (current(job)) found = deeper(found, lastErrorOf(job.queueName, job));
  if (state.docId) for (const job of q.failedByDoc.get(state.docId) ?? []) if (current(job)) found = deeper(found, lastErrorOf(job.queueName, job));
  return found;
}

/**
 * Reconciliation: every URL the pipeline accepted (its fetch jobs) against what Meilisearch holds.
 * A page is indexed, pending (a job for it is still queued), ended by design (NO_ARTICLE, HTTP_GONE,
 * …) or lost, with the reason its chain stopped. Exact when the pipeline is idle; during a run,
 * pages in flight show as pending.
 */
export async function runAudit(deps: AuditDeps, options: { onProgress?: (p: AuditProgress) => void; only?: ReadonlySet<string> } = {}): Promise<AuditReport> {
  const started = Date.now();
  const onProgress = options.onProgress;
  const q = await readQueues(deps, onProgress);

  const ids = new Set<string>();
  const byUrl = new Map<string, string[]>();
  for await (const d of indexedDocuments(deps.searchIndex)) {
    ids.add(d.id);
    if (d.url) byUrl.set(d.url, [...(byUrl.get(d.url) ?? []), d.id]);
    if (ids.size % 5000 === 0) onProgress?.({ phase: 'index', done: ids.size, total: null });
  }

  // One source run's pages (`only`): the counts are of those URLs; documents and duplicates stay the index's.
  const only = options.only;
  const entries = [...q.fetches.values()].filter((e) => !only || only.has(e.url));
  onProgress?.({ phase: 'state', done: 0, total: entries.length });
  const states = await new UrlStateStore(deps.redis, deps.queues.prefix).getMany(entries.map((e) => e.url));
  const recent = new Map<string, LastError>();
  for (const f of (await deps.stats.recentFailures(200)).reverse()) if (f.url) recent.set(f.url, { queue: f.queue, jobId: f.jobId, code: f.code, message: f.message, at: f.at });

  const report: AuditReport = {
    at: new Date(started).toISOString(),
    durationMs: 0,
    accepted: entries.length,
    indexed: 0,
    pending: 0,
    ended: {},
    lost: 0,
    lostPages: [],
    failedJobs: q.failedJobs,
    documents: ids.size,
    duplicates: [],
  };
  const archiveKeys: (string | null)[] = [];
  entries.forEach((e, i) => {
    const state = states[i]!;
    const latest = e.latest;
    const facts: PageFacts = {
      fetch: latest
        ? { state: latest.state, failure: latest.failure, returnValue: latest.returnValue, finishedOn: latest.finishedOn || null, jobId: latest.jobId }
        : { state: 'pending', failure: null, returnValue: null, finishedOn: null, jobId: '' },
      urlState: state,
      downstreamPending: e.pending || q.pendingUrls.has(e.url) || (state.docId !== null && q.pendingDocs.has(state.docId)),
      downstreamFailure: downstreamFailure(e.url, state, q),
      indexed: (id) => ids.has(id),
    };
    if (e.pending) facts.fetch.state = 'pending';
    const v = classifyPage(facts);
    if (v.status === 'indexed') report.indexed++;
    else if (v.status === 'pending') report.pending++;
    else if (v.status === 'ended') report.ended[v.outcome ?? 'UNKNOWN'] = (report.ended[v.outcome ?? 'UNKNOWN'] ?? 0) + 1;
    else {
      report.lostPages.push({ url: e.url, fetchJobId: latest?.jobId ?? '', docId: state.docId, stage: v.stage ?? 'fetch', lastError: v.lastError ?? recent.get(e.url) ?? null, archived: null });
      archiveKeys.push(state.archiveKey);
    }
  });
  report.lost = report.lostPages.length;

  if (deps.archive) {
    for (const [i, page] of report.lostPages.entries()) {
      const key = archiveKeys[i];
      page.archived = key ? await deps.archive.exists(key).catch(() => null) : false;
      if ((i + 1) % 200 === 0) onProgress?.({ phase: 'archive', done: i + 1, total: report.lostPages.length });
    }
  }
  for (const [url, docIds] of byUrl) if (docIds.length > 1) report.duplicates.push({ url, ids: docIds });
  report.durationMs = Date.now() - started;
  return report;
}

export interface RepairResult {
  requeued: { queue: QueueName; jobId: string; url: string }[];
  skipped: { url: string; reason: string }[];
}

/** The job if it has finished (completed or failed); a running or queued one is left alone. */
async function finishedJob(deps: AuditDeps, queue: QueueName, id: string, only?: 'failed'): Promise<Job | null> {
  const job = await deps.queues.queues[queue].getJob(id);
  if (!job) return null;
  const state = await job.getState();
  if (only) return state === only ? job : null;
  return state === 'completed' || state === 'failed' ? job : null;
}

/**
 * Re-drives lost pages idempotently. A page whose chain stopped at a failed job gets that job
 * back under its own id (removed, then added again: same id, same payload). A page whose chain
 * broke silently is fetched again from scratch: its processed digest is forgotten and the finished
 * jobs that would collapse the new chain (same deterministic ids) are removed first.
 */
export async function repairLost(deps: AuditDeps, lost: readonly LostPage[], options: { onProgress?: (p: AuditProgress) => void } = {}): Promise<RepairResult> {
  const result: RepairResult = { requeued: [], skipped: [] };
  const refetch: LostPage[] = [];
  for (const [i, page] of lost.entries()) {
    options.onProgress?.({ phase: 'repair', done: i, total: lost.length });
    const err = page.lastError;
    const queue = err?.queue as QueueName | undefined;
    if (err?.jobId && queue && STAGES.includes(queue)) {
      const job = await finishedJob(deps, queue, err.jobId, 'failed');
      if (job) {
        const data = job.data as never;
        await job.remove();
        await deps.queues.add(queue, data, err.jobId);
        result.requeued.push({ queue, jobId: err.jobId, url: page.url });
        continue;
      }
    }
    refetch.push(page);
  }
  if (refetch.length === 0) return result;

  // Finished later-stage jobs of these pages would make the new chain collapse onto them.
  const urls = new Set(refetch.map((p) => p.url));
  const docs = new Set(refetch.flatMap((p) => (p.docId ? [p.docId] : [])));
  for (const queue of ['extract', 'index'] as const) {
    for await (const { job } of jobsOf(deps.queues.queues[queue], FINISHED)) {
      const data = job.data as { url?: string; docId?: string };
      if ((data.url && urls.has(data.url)) || (data.docId && docs.has(data.docId))) await job.remove().catch(() => {});
    }
  }
  const urlState = new UrlStateStore(deps.redis, deps.queues.prefix);
  for (const page of refetch) {
    if (!page.fetchJobId) {
      result.skipped.push({ url: page.url, reason: 'no fetch job is known for it' });
      continue;
    }
    const kept = await deps.queues.queues.fetch.getJob(page.fetchJobId);
    const state = kept ? await kept.getState() : null;
    if (kept && state !== 'completed' && state !== 'failed') {
      result.skipped.push({ url: page.url, reason: 'its fetch job is running again' });
      continue;
    }
    // A trimmed completed job is rebuilt from the URL alone: a plain fetch, outside any crawl budget.
    const data: FetchJob = kept?.data ?? { url: page.url, enqueuedAt: new Date().toISOString() };
    await urlState.update(page.url, { processedDigest: null });
    await kept?.remove();
    await deps.queues.add('fetch', data, page.fetchJobId);
    result.requeued.push({ queue: 'fetch', jobId: page.fetchJobId, url: page.url });
  }
  return result;
}
