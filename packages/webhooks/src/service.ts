import type { Redis } from 'ioredis';
import type { Logger } from '@ingest/logger';
import { startDeliveryWorker, type DeliveryWorker } from './delivery.ts';
import { WebhookEmitter } from './emitter.ts';
import { WebhookQueue } from './queue.ts';
import { WebhookRegistry } from './registry.ts';

export interface WebhooksOptions {
  /** A worker connection (waits for Redis), which BullMQ's worker needs. */
  redis: Redis;
  prefix: string;
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  allowNetworks: string;
  log: Logger;
  /** Run the delivery worker in this process (the API process does). */
  deliver: boolean;
}

export interface Webhooks {
  registry: WebhookRegistry;
  emitter: WebhookEmitter;
  queue: WebhookQueue;
  delivery: DeliveryWorker | null;
  close(): Promise<void>;
}

/** Everything one process needs for webhooks; `close()` closes only what it opened, once. */
export function startWebhooks(options: WebhooksOptions): Webhooks {
  const registry = new WebhookRegistry(options.redis, options.prefix);
  const queue = new WebhookQueue({ connection: options.redis, prefix: options.prefix, attempts: options.attempts, backoffMs: options.backoffMs });
  const emitter = new WebhookEmitter({ redis: options.redis, prefix: options.prefix, registry, queue });
  const delivery = options.deliver
    ? startDeliveryWorker({ connection: options.redis, prefix: options.prefix, registry, allowNetworks: options.allowNetworks, timeoutMs: options.timeoutMs, log: options.log })
    : null;
  let closing: Promise<void> | null = null;
  return {
    registry,
    emitter,
    queue,
    delivery,
    close() {
      closing ??= (async () => {
        await delivery?.close().catch(() => {});
        await queue.close().catch(() => {});
      })();
      return closing;
    },
  };
}
