import { DelayedError, UnrecoverableError, Worker, type Job, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { parsePayload, type JobPayloads, type QueueName, type StageResult } from '@ingest/contracts';
import { IngestError, RateLimitedError } from '@ingest/errors';
import { jobLogger, type Logger } from '@ingest/logger';
import type { PipelineStats } from './stats.ts';

export interface StageContext {
  log: Logger;
  jobId: string;
  attempt: number;
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
  /** Called after each settled job (metrics). */
  onSettled?: (event: { queue: Q; outcome: string; durationMs: number }) => void;
}

function urlOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'url' in data && typeof data.url === 'string') return data.url;
  return null;
}

/**
 * A BullMQ worker for one stage: validates the payload on receipt, gives each job a child logger,
 * turns permanent errors into UnrecoverableError (no retry) and rate limits into a delay.
 */
export function createStageWorker<Q extends QueueName>(options: StageWorkerOptions<Q>): Worker {
  const { queue, handler, log, stats } = options;
  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<StageResult> => {
    const started = performance.now();
    const url = urlOf(job.data);
    const ctx: StageContext = {
      log: jobLogger(log, { queue, id: job.id, url: url ?? undefined, attempt: job.attemptsMade + 1 }),
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      signal,
    };
    try {
      const payload = parsePayload(queue, job.data);
      const result = await handler(payload, ctx);
      await stats.incr(`${queue}.${result.outcome}`);
      if (result.outcome === 'skipped') {
        // Reasons read "CODE: detail"; the code alone is what operators group by.
        const code = /^[A-Z_]+/.exec(result.reason ?? '')?.[0] ?? 'SKIPPED';
        await stats.recordFailure({ queue, jobId: ctx.jobId, url, code, message: `skipped: ${result.reason ?? ''}`, at: new Date().toISOString(), final: true });
      }
      ctx.log.debug({ result, ms: Math.round(performance.now() - started) }, 'job done');
      options.onSettled?.({ queue, outcome: result.outcome, durationMs: performance.now() - started });
      return result;
    } catch (err) {
      const delayed = err instanceof RateLimitedError && token !== undefined;
      options.onSettled?.({ queue, outcome: delayed ? 'delayed' : 'error', durationMs: performance.now() - started });
      if (err instanceof RateLimitedError && token) {
        ctx.log.info({ retryAfterMs: err.retryAfterMs }, 'rate limited; delaying job');
        await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
        throw new DelayedError();
      }
      const ingest = err instanceof IngestError ? err : null;
      const code = ingest?.code ?? 'INTERNAL';
      const message = err instanceof Error ? err.message : String(err);
      const final = ingest?.permanent === true || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await stats.recordFailure({ queue, jobId: ctx.jobId, url, code, message, at: new Date().toISOString(), final });
      if (final) await stats.incr(`${queue}.failed`);
      ctx.log.warn({ code, err: message, final }, 'job failed');
      if (ingest?.permanent) throw new UnrecoverableError(`${code}: ${message}`);
      throw new Error(`${code}: ${message}`, { cause: err });
    }
  };
  return new Worker(queue, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    // The lock is renewed at half its duration; extraction runs with a page-time budget so a slow
    // parse cannot starve renewal. A killed worker's job is retried after about one lock period.
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    maxStalledCount: 2,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
}

/** Closes workers with a deadline: `worker.close()` alone waits for ever on a stuck job. */
export async function closeWithDeadline(closers: (() => Promise<unknown>)[], deadlineMs: number, log?: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  const all = Promise.allSettled(closers.map((c) => c())).then((results) => {
    for (const r of results) if (r.status === 'rejected') log?.warn({ err: String(r.reason) }, 'a component failed to close');
    return 'done' as const;
  });
  const outcome = await Promise.race([all, deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') log?.warn({ deadlineMs }, 'shutdown deadline reached; remaining jobs will be retried by another worker');
}
