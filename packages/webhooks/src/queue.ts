import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { WEBHOOK_QUEUE, webhookDeliveryJobSchema, type WebhookDeliveryJob } from '@ingest/contracts';
import { queueKeyPrefix } from '@ingest/queue';

export interface WebhookQueueOptions {
  connection: Redis;
  /** The stack prefix (`{ns}`), as for the stages' queues. */
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** Producer side of the delivery contract: payloads are validated before they reach Redis. */
export class WebhookQueue {
  readonly queue: Queue;

  constructor(options: WebhookQueueOptions) {
    this.queue = new Queue(WEBHOOK_QUEUE, {
      connection: options.connection,
      // Its own Cluster hash tag, like each stage's queue: its scripts touch only its own keys.
      prefix: queueKeyPrefix(options.prefix, WEBHOOK_QUEUE),
      defaultJobOptions: {
        attempts: options.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs, jitter: 0.2 },
        // Kept a week so an event re-emitted by a retried stage collapses onto its delivery.
        removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
      },
    });
  }

  /** One delivery per (subscription, event): adding it again is a no-op while the job is kept. */
  async add(payload: WebhookDeliveryJob): Promise<string> {
    const data = webhookDeliveryJobSchema.parse(payload);
    const jobId = `${data.subscriptionId}-${data.event.id}`;
    await this.queue.add('deliver', data, { jobId });
    return jobId;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
