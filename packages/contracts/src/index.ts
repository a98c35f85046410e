export { QUEUES, STAGES, DEFAULT_QUEUE_PREFIX, type QueueName } from './queues.ts';
export {
  JOB_SCHEMAS,
  fetchJobSchema,
  discoverJobSchema,
  indexUpsertJobSchema,
  indexDeleteJobSchema,
  extractJobSchema,
  renderJobSchema,
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
  type RenderJob,
  type IndexJob,
  type CrawlScope,
  type CrawlContext,
  type StageResult,
} from './jobs.ts';
export { documentSchema, relatedItemSchema, DOCUMENT_FIELDS, type IngestDocument, type RelatedItem } from './document.ts';
export { parsePayload, parseStageRecord, STAGE_RECORD_SCHEMAS, type StageRecords } from './validate.ts';
export {
  WEBHOOK_QUEUE,
  WEBHOOK_EVENTS,
  WEBHOOK_ID_PATTERN,
  WEBHOOK_EVENT_ID_PATTERN,
  webhookEventSchema,
  webhookDeliveryJobSchema,
  type WebhookEventType,
  type PipelineEvent,
  type WebhookEvent,
  type WebhookDeliveryJob,
} from './webhooks.ts';
