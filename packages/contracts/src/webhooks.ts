import { z } from 'zod';

/**
 * The webhook delivery queue: not a pipeline stage (nothing downstream), so it is not in STAGES.
 * Like each stage's queue it has a Redis Cluster hash tag of its own (queueKeyPrefix in
 * @ingest/queue); subscriptions and the delivery log stay in the stack's tag.
 */
export const WEBHOOK_QUEUE = 'webhook';

export const WEBHOOK_EVENTS = ['document.indexed', 'document.updated', 'document.removed', 'crawl.completed', 'crawl.failed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/**
 * Something that happened in the pipeline that operators subscribe to: what the stages emit
 * (through the pipeline's PipelineEvents port) and the webhooks emitter turns into deliveries.
 */
export interface PipelineEvent {
  type: WebhookEventType;
  /**
   * What the event is about, stable across retries (`doc:<id>:<digest>:<version>`,
   * `run:<source>:<run>`): a stage that runs twice emits one event, whatever its type says.
   */
  key: string;
  /** The source it belongs to when the emitter knows; otherwise resolved from `url` or `docId`. */
  sourceId?: string | null;
  url?: string;
  docId?: string;
  data: Record<string, unknown>;
}

export const WEBHOOK_ID_PATTERN = /^wh_[a-f0-9]{16}$/;
export const WEBHOOK_EVENT_ID_PATTERN = /^evt_[a-f0-9]{32}$/;

/** What a receiver gets as the request body (JSON), and what the delivery job carries. */
export const webhookEventSchema = z.object({
  /** Derived from what happened (document and version, source and run), so a retried stage emits the same id. */
  id: z.string().regex(WEBHOOK_EVENT_ID_PATTERN),
  type: z.enum(WEBHOOK_EVENTS),
  createdAt: z.string().datetime({ offset: true }),
  /** The registered source the document or run belongs to; null for URLs enqueued by hand. */
  sourceId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** One event to one subscription; the job id is (subscription, event), so an event is delivered once per subscription. */
export const webhookDeliveryJobSchema = z.object({
  subscriptionId: z.string().regex(WEBHOOK_ID_PATTERN),
  event: webhookEventSchema,
});
export type WebhookDeliveryJob = z.infer<typeof webhookDeliveryJobSchema>;
