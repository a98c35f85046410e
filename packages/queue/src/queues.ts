import { Queue, type JobsOptions, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { STAGES, parsePayload, type JobPayloads, type QueueName, type StageResult } from '@ingest/contracts';
import { queueKeyPrefix } from './keys.ts';
import { BACKOFF_DELAY_MS, BACKOFF_TYPE } from './backoff.ts';

export interface QueueSetOptions {
  connection: Redis;
  /** The stack prefix (`{ns}`); each queue's keys get their own hash tag inside it (see keys.ts). */
  prefix: string;
  attempts: number;
  /** Completed jobs kept per queue (default 100). */
  keepCompleted?: number | undefined;
  /** OpenTelemetry through bullmq-otel: spans per add and per job, trace context carried in the job. */
  telemetry?: Telemetry | undefined;
}

/**
 * New fetch jobs wait as prioritized jobs, behind BullMQ's plain wait list, where a fetch parked
 * for its host's turn comes back (the worker clears its priority when it parks it): a job whose
 * turn has come must not queue behind hundreds of fresh jobs that will only book turns.
 */
export const FRESH_FETCH_PRIORITY = 1;

/**
 * Queue counts as operators read them: BullMQ keeps prioritized jobs apart from its wait list, but
 * both are waiting to run (every new fetch job is prioritized), so they are shown as `waiting`.
 */
export function foldPrioritized<T extends Record<string, number>>(counts: T): T {
  return { ...counts, waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0), prioritized: 0 };
}

/** Entries kept in each queue's event stream (trimmed approximately by BullMQ). */
export const EVENTS_KEPT = 500;

/** Job options shared by every stage: retries with back-off, bounded history. */
export function defaultJobOptions(attempts: number, keepCompleted = 100): JobsOptions {
  return {
    attempts,
    // Exponential with jitter, at least the retryAfterMs the error names (backoff.ts).
    backoff: { type: BACKOFF_TYPE, delay: BACKOFF_DELAY_MS },
    // A completed job hash costs a few KB: keeping every one (for id dedupe) made Redis grow by
    // about 16 KB per page. Only the newest few stay, for operators; re-enqueues are deduplicated
    // by URL state and the audit reads the fetch ledger (both in @ingest/pipeline). Failed jobs
    // are few and are what operators retry, so they stay a week.
    removeOnComplete: { age: 24 * 3600, count: keepCompleted },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
  };
}

/**
 * Each stage's queue typed with its contract, so the read side (a job's data and return value, as
 * the audit, ops and tests read them) is typed too, not only the producer side.
 */
export type StageQueues = { [Q in QueueName]: Queue<JobPayloads[Q], StageResult> };

/** Producer side of every queue contract: payloads are validated before they reach Redis. */
export class QueueSet {
  readonly queues: StageQueues;
  readonly prefix: string;
  readonly telemetry: Telemetry | undefined;
  private closed = false;

  constructor(options: QueueSetOptions) {
    this.prefix = options.prefix;
    this.telemetry = options.telemetry;
    const entries = STAGES.map((name) => [
      name,
      new Queue(name, {
        connection: options.connection,
        prefix: queueKeyPrefix(options.prefix, name),
        defaultJobOptions: defaultJobOptions(options.attempts, options.keepCompleted),
        // Nothing here reads the event stream (no QueueEvents); BullMQ's default keeps 10,000
        // entries per queue, several MB that a drained stack would hold for nothing.
        streams: { events: { maxLen: EVENTS_KEPT } },
        ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      }),
    ]);
    this.queues = Object.fromEntries(entries) as StageQueues;
  }

  async add<Q extends QueueName>(queue: Q, payload: JobPayloads[Q], id: string, opts: JobsOptions = {}): Promise<{ id: string; created: boolean }> {
    const data = parsePayload(queue, payload);
    // BullMQ's name type cannot be resolved for a generic Q; the payload was validated above.
    const q: Queue = this.queues[queue];
    const existing = await q.getJob(id);
    if (existing) return { id, created: false };
    await q.add(queue, data, { ...(queue === 'fetch' ? { priority: FRESH_FETCH_PRIORITY } : {}), ...opts, jobId: id });
    return { id, created: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(Object.values(this.queues).map((q) => q.close()));
  }
}
