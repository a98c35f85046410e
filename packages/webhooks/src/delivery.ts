import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { request } from 'undici';
import { WEBHOOK_QUEUE, webhookDeliveryJobSchema } from '@ingest/contracts';
import { IngestError, PermanentError, RetryableError } from '@ingest/errors';
import { createGuardedAgent, mapNetworkError } from '@ingest/fetch';
import type { Logger } from '@ingest/logger';
import { queueKeyPrefix, recordJobFailure } from '@ingest/queue';
import { parseCidrList } from '@ingest/net-guard';
import type { WebhookRegistry } from './registry.ts';
import { signPayload } from './signature.ts';

export interface DeliveryWorkerOptions {
  connection: Redis;
  /** The stack prefix; the delivery queue gets its own hash tag inside it (queueKeyPrefix). */
  prefix: string;
  registry: WebhookRegistry;
  /** WEBHOOK_ALLOW_NETWORKS: private/loopback networks receivers may live on. */
  allowNetworks: string;
  timeoutMs: number;
  log: Logger;
  concurrency?: number;
}

export interface DeliveryWorker {
  worker: Worker;
  close(): Promise<void>;
}

// Receivers answer with an acknowledgement; nothing of the body is needed beyond an error hint.
const MAX_RESPONSE_BYTES = 16 * 1024;
const USER_AGENT = 'ingest-webhooks/0.1';

/** 408 and 429 say "later"; any other 4xx (and a redirect, which is not followed) will not change on retry. */
function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

async function readSome(body: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    if (text.length < MAX_RESPONSE_BYTES) text += chunk.toString();
  }
  return text.slice(0, 200);
}

/**
 * POSTs each event to its subscription with an HMAC signature. Every connection goes through the
 * network guard (resolved address, every attempt); redirects are not followed. Each attempt is
 * written to the delivery log; BullMQ retries with back-off until WEBHOOK_ATTEMPTS.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { registry, log } = options;
  const { agent } = createGuardedAgent({
    allow: parseCidrList(options.allowNetworks),
    connectTimeoutMs: options.timeoutMs,
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
    maxHeaderBytes: 64 * 1024,
  });

  const deliver = async (job: Job): Promise<{ status: number }> => {
    const parsed = webhookDeliveryJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      await recordJobFailure(job, 'INVALID_PAYLOAD', message);
      throw new UnrecoverableError(`INVALID_PAYLOAD: ${message}`);
    }
    const { subscriptionId, event } = parsed.data;
    const sub = await registry.get(subscriptionId);
    if (!sub) {
      log.info({ subscriptionId, eventId: event.id }, 'webhook removed; delivery dropped');
      return { status: 0 };
    }
    const attempt = job.attemptsMade + 1;
    const last = attempt >= (job.opts.attempts ?? 1);
    const body = JSON.stringify(event);
    const started = performance.now();
    let status: number | null = null;
    let failure: IngestError | null = null;
    try {
      const res = await request(sub.url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'ingest-event': event.type,
          'ingest-event-id': event.id,
          'ingest-delivery': job.id ?? '',
          'ingest-signature': signPayload(sub.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = res.statusCode;
      const answer = await readSome(res.body);
      if (status < 200 || status >= 300) {
        const message = `receiver answered ${status}${answer ? `: ${answer}` : ''}`;
        failure = retryableStatus(status) ? new RetryableError('WEBHOOK_DELIVERY_FAILED', message) : new PermanentError('WEBHOOK_REJECTED', message);
      }
    } catch (err) {
      const mapped = err instanceof IngestError ? err : mapNetworkError(err, sub.url);
      failure = mapped.code === 'BLOCKED_NETWORK' ? new PermanentError('BLOCKED_NETWORK', mapped.message.replace('FETCH_ALLOW_NETWORKS', 'WEBHOOK_ALLOW_NETWORKS')) : mapped;
    }
    const final = failure !== null && (failure.permanent || last);
    await registry.recordDelivery({
      deliveryId: job.id ?? '',
      subscriptionId,
      eventId: event.id,
      eventType: event.type,
      url: sub.url,
      attempt,
      outcome: failure === null ? 'delivered' : final ? 'failed' : 'retrying',
      status,
      code: failure?.code ?? null,
      error: failure?.message ?? null,
      durationMs: Math.round(performance.now() - started),
      at: new Date().toISOString(),
    });
    if (!failure) return { status: status! };
    log.warn({ subscriptionId, eventId: event.id, url: sub.url, attempt, code: failure.code, err: failure.message, final }, 'webhook delivery failed');
    await recordJobFailure(job, failure.code, failure.message);
    if (failure.permanent) throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
    throw new Error(`${failure.code}: ${failure.message}`);
  };

  const worker = new Worker(WEBHOOK_QUEUE, deliver, { connection: options.connection, prefix: queueKeyPrefix(options.prefix, WEBHOOK_QUEUE), concurrency: options.concurrency ?? 8 });
  worker.on('error', (err) => log.error({ err }, 'webhook worker error'));
  let closing: Promise<void> | null = null;
  return {
    worker,
    close() {
      closing ??= (async () => {
        await worker.close();
        await agent.close();
      })();
      return closing;
    },
  };
}
