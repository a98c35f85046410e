export { QUEUES, STAGES, DEFAULT_QUEUE_PREFIX, type QueueName } from './queues.ts';
export {
  JOB_SCHEMAS,
  fetchJobSchema,
  discoverJobSchema,
  indexUpsertJobSchema,
  indexDeleteJobSchema,
  extractJobSchema,
  enrichJobSchema,
  indexJobSchema,
  crawlScopeSchema,
  crawlContextSchema,
  stageResultSchema,
  type JobPayloads,
  type FetchJob,
  type DiscoverJob,
  type IndexUpsertJob,
  type IndexDeleteJob,
  type ExtractJob,
  type EnrichJob,
  type IndexJob,
  type CrawlScope,
  type CrawlContext,
  type StageResult,
} from './jobs.ts';
export { documentSchema, relatedItemSchema, DOCUMENT_FIELDS, type IngestDocument, type RelatedItem } from './document.ts';
export { parsePayload } from './validate.ts';
export {
  WEBHOOK_QUEUE,
  WEBHOOK_EVENTS,
  WEBHOOK_ID_PATTERN,
  WEBHOOK_EVENT_ID_PATTERN,
  webhookEventSchema,
  webhookDeliveryJobSchema,
  type WebhookEventType,
  type WebhookEvent,
  type WebhookDeliveryJob,
} from './webhooks.ts';
