import { Queue, type JobsOptions, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { STAGES, parsePayload, type JobPayloads, type QueueName } from '@ingest/contracts';
import { queueKeyPrefix } from './keys.ts';

export interface QueueSetOptions {
  connection: Redis;
  /** The stack prefix (`{ns}`); each queue's keys get their own hash tag inside it (see keys.ts). */
  prefix: string;
  attempts: number;
  /** OpenTelemetry through bullmq-otel: spans per add and per job, trace context carried in the job. */
  telemetry?: Telemetry | undefined;
}

/** Job options shared by every stage: retries with exponential back-off and jitter, bounded history. */
export function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    // Completed jobs are kept for a day so that re-enqueuing the same URL collapses onto them.
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
  };
}

/** Producer side of every queue contract: payloads are validated before they reach Redis. */
export class QueueSet {
  readonly queues: Record<QueueName, Queue>;
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
        defaultJobOptions: defaultJobOptions(options.attempts),
        ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      }),
    ]);
    this.queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  }

  async add<Q extends QueueName>(queue: Q, payload: JobPayloads[Q], id: string, opts: JobsOptions = {}): Promise<{ id: string; created: boolean }> {
    const data = parsePayload(queue, payload);
    const q = this.queues[queue];
    const existing = await q.getJob(id);
    if (existing) return { id, created: false };
    await q.add(queue, data, { ...opts, jobId: id });
    return { id, created: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(Object.values(this.queues).map((q) => q.close()));
  }
}
