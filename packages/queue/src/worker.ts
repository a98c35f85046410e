import { DelayedError, UnrecoverableError, Worker, type Job, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { parsePayload, type JobPayloads, type QueueName, type StageResult } from '@ingest/contracts';
import { DependencyUnavailableError, IngestError, RateLimitedError, isConnectionError, isDependencyUnavailable, type Dependency } from '@ingest/errors';
import { jobLogger, type Logger } from '@ingest/logger';
import { STALLED_REASON, recordJobFailure } from './failure.ts';
import { queueKeyPrefix } from './keys.ts';
import { OutageGate, type DependencyProbe } from './outage.ts';
import type { PipelineStats } from './stats.ts';
import { backoffStrategy } from './backoff.ts';

/**
 * A job is never failed because the process running it died: BullMQ fails a job that stalled
 * more than maxStalledCount times ("job stalled more than allowable limit"), and a batching
 * stage holds hundreds of jobs, so a few kills would fail them all. Each stall is counted and
 * recorded as WORKER_LOST instead; attempts stay for the job's own errors.
 */
const MAX_STALLED_COUNT = 1_000_000;
/** How long a job that met an outage waits before it is offered again (the stage is paused meanwhile). */
const OUTAGE_DELAY_MS = 1_000;

export interface StageContext {
  log: Logger;
  jobId: string;
  attempt: number;
  /**
   * No earlier run of this job started (BullMQ counts every start, stalls and delays included), so
   * nothing it writes can exist yet from this job: a write-once store may skip its existence check.
   */
  firstRun?: boolean;
  signal: AbortSignal | undefined;
}

export type StageHandler<Q extends QueueName> = (payload: JobPayloads[Q], ctx: StageContext) => Promise<StageResult>;

export interface StageWorkerOptions<Q extends QueueName> {
  queue: Q;
  handler: StageHandler<Q>;
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  telemetry?: Telemetry | undefined;
  log: Logger;
  stats: PipelineStats;
  /** Called after each settled job (metrics, the log summary); `final` is set on failures: true when the job will not be retried. */
  onSettled?: (event: { queue: Q; outcome: string; durationMs: number; final?: boolean }) => void;
  /** Answers whether a dependency is back; the stage stays paused until it says yes. */
  probe?: DependencyProbe | undefined;
  /** Time between probes while paused for an outage (default 1 s). */
  probeIntervalMs?: number;
}

/** Errors from Redis itself (ioredis) arrive untyped: a lost connection is an outage, not a bug. */
function asDependencyError(err: unknown): DependencyUnavailableError | null {
  if (isDependencyUnavailable(err)) return err instanceof DependencyUnavailableError ? err : new DependencyUnavailableError(dependencyOf(err), err.message, { cause: err });
  if (err instanceof IngestError) return null;
  const message = err instanceof Error ? err.message : String(err);
  if (isConnectionError(err) || /Connection is closed|Stream isn't writeable|MaxRetriesPerRequest/i.test(message)) {
    return new DependencyUnavailableError('redis', `Redis: ${message}`, { cause: err });
  }
  return null;
}

function dependencyOf(err: IngestError): Dependency {
  const d = err.details?.['dependency'];
  return d === 's3' || d === 'meilisearch' || d === 'redis' ? d : 'redis';
}

function urlOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'url' in data && typeof data.url === 'string') return data.url;
  return null;
}

/**
 * Counts a stage's outcome as operators read it (`<queue>.<outcome>`, skips with their reason):
 * for a job run by its worker, and for the same stage run inside another stage's job (inline).
 */
export async function recordOutcome(stats: PipelineStats, queue: QueueName, jobId: string, url: string | null, result: StageResult): Promise<void> {
  await stats.incr(`${queue}.${result.outcome}`);
  if (result.outcome === 'skipped') {
    const code = result.code ?? 'SKIPPED';
    await stats.recordFailure({ queue, jobId, url, code, message: `skipped: ${result.reason ?? ''}`, at: new Date().toISOString(), final: true });
  }
}

/**
 * A BullMQ worker for one stage: validates the payload on receipt, gives each job a child logger,
 * turns permanent errors into UnrecoverableError (no retry) and rate limits into a delay.
 */
export function createStageWorker<Q extends QueueName>(options: StageWorkerOptions<Q>): Worker {
  const { queue, handler, log, stats } = options;
  let worker: Worker | undefined;
  const gate = new OutageGate({
    worker: () => worker!,
    probe: options.probe,
    probeIntervalMs: options.probeIntervalMs ?? 1_000,
    log,
    // One record per outage, not per job: hundreds of jobs meet the same outage.
    onStart: (dependency) =>
      stats.recordFailure({
        queue,
        jobId: '',
        url: null,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: `${dependency} unavailable; ${queue} paused until it answers`,
        at: new Date().toISOString(),
        final: false,
      }),
  });
  const run = async (job: Job, token?: string, signal?: AbortSignal): Promise<StageResult> => {
    const started = performance.now();
    const url = urlOf(job.data);
    const ctx: StageContext = {
      log: jobLogger(log, { queue, id: job.id, url: url ?? undefined, attempt: job.attemptsMade + 1 }),
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      firstRun: job.attemptsStarted <= 1,
      signal,
    };
    try {
      const payload = parsePayload(queue, job.data);
      const result = await handler(payload, ctx);
      await recordOutcome(stats, queue, ctx.jobId, url, result);
      ctx.log.debug({ result, ms: Math.round(performance.now() - started) }, 'job done');
      options.onSettled?.({ queue, outcome: result.outcome, durationMs: performance.now() - started });
      return result;
    } catch (err) {
      const outage = token !== undefined ? asDependencyError(err) : null;
      const delayed = (err instanceof RateLimitedError || outage !== null) && token !== undefined;
      if (delayed) options.onSettled?.({ queue, outcome: 'delayed', durationMs: performance.now() - started });
      if (outage && token) {
        // Not the job's fault: it waits for the dependency without using up an attempt.
        ctx.log.info({ dependency: outage.dependency, err: outage.message }, 'dependency unavailable; delaying job');
        gate.trip(outage.dependency);
        await stats.incr(`${queue}.dependencyWaits`).catch(() => {});
        await job.moveToDelayed(Date.now() + OUTAGE_DELAY_MS, token);
        throw new DelayedError();
      }
      if (err instanceof RateLimitedError && token) {
        // A fetch parked for its host's turn is routine (several per page on a polite crawl), not news.
        const parked = err.details?.['reason'] === 'host-busy';
        ctx.log[parked ? 'debug' : 'info']({ retryAfterMs: err.retryAfterMs }, parked ? 'host busy; job parked until its turn' : 'rate limited; delaying job');
        // Back from its turn, a parked job goes to the plain wait list, ahead of fresh (prioritized) jobs.
        if (parked && job.priority) await job.changePriority({ priority: 0 });
        await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
        throw new DelayedError();
      }
      const ingest = err instanceof IngestError ? err : null;
      const code = ingest?.code ?? 'INTERNAL';
      const message = err instanceof Error ? err.message : String(err);
      const final = ingest?.permanent === true || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      options.onSettled?.({ queue, outcome: 'error', durationMs: performance.now() - started, final });
      await stats.recordFailure({ queue, jobId: ctx.jobId, url, code, message, at: new Date().toISOString(), final });
      if (final) await stats.incr(`${queue}.failed`);
      // A typed failure (404, robots, timeout) is expected and its code says it all; anything
      // else is a bug or an unknown condition, logged as an error with its stack and cause.
      if (ingest && ingest.code !== 'INTERNAL') ctx.log.warn({ code, err: message, final }, 'job failed');
      else ctx.log.error({ code, err, final }, 'job failed');
      // Readers take the code from here (failureOf), not from the reason string below.
      await recordJobFailure(job, code, message).catch((e: unknown) => ctx.log.warn({ err: e }, 'could not record the failure code with the job'));
      if (ingest?.permanent) throw new UnrecoverableError(`${code}: ${message}`);
      throw new Error(`${code}: ${message}`, { cause: err });
    }
  };
  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<StageResult> => {
    stats.jobStarted();
    try {
      return await run(job, token, signal);
    } finally {
      await stats.jobSettled();
    }
  };
  worker = new Worker(queue, processor, {
    connection: options.connection,
    prefix: queueKeyPrefix(options.prefix, queue),
    concurrency: options.concurrency,
    // The lock is renewed at half its duration; extraction runs with a page-time budget so a slow
    // parse cannot starve renewal. A killed worker's job is retried after about one lock period.
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    maxStalledCount: MAX_STALLED_COUNT,
    settings: { backoffStrategy },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  worker.on('stalled', (jobId) => {
    log.warn({ queue, jobId }, 'job stalled (its worker died or froze); retrying it');
    // Outside any job, so no job's completion writes it: written at once, since the process that
    // saw the stall may be the next one killed.
    void Promise.all([
      stats.incr(`${queue}.stalled`).then(() => stats.flush()),
      stats.recordFailure({ queue, jobId, url: null, code: 'WORKER_LOST', message: 'job stalled: its worker died or stopped renewing the lock; retried', at: new Date().toISOString(), final: false }),
    ]).catch(() => {});
  });
  worker.on('failed', (job, err) => {
    // Only a job failed outside the processor lands here without a record: a stall beyond the limit
    // (BullMQ marks it when it stalls, and the next worker to take it fails it unprocessed).
    if (!job || err.message !== STALLED_REASON) return;
    void Promise.all([
      stats.incr(`${queue}.failed`).then(() => stats.flush()),
      stats.recordFailure({ queue, jobId: job.id ?? '', url: urlOf(job.data), code: 'STALLED', message: err.message, at: new Date().toISOString(), final: true }),
    ]).catch(() => {});
  });
  return worker;
}

/** Closes workers with a deadline: `worker.close()` alone waits for ever on a stuck job. */
export async function closeWithDeadline(closers: (() => Promise<unknown>)[], deadlineMs: number, log?: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  const all = Promise.allSettled(closers.map((c) => c())).then((results) => {
    for (const r of results) if (r.status === 'rejected') log?.warn({ err: r.reason as unknown }, 'a component failed to close');
    return 'done' as const;
  });
  const outcome = await Promise.race([all, deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') log?.warn({ deadlineMs }, 'shutdown deadline reached; remaining jobs will be retried by another worker');
}
