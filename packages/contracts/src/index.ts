export { QUEUES, STAGES, DEFAULT_QUEUE_PREFIX, type QueueName } from './queues.ts';
export {
  JOB_SCHEMAS,
  fetchJobSchema,
  discoverJobSchema,
  indexUpsertJobSchema,
  indexDeleteJobSchema,
  extractJobSchema,
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
  type IndexJob,
  type CrawlScope,
  type CrawlContext,
  type StageResult,
} from './jobs.ts';
export { documentSchema, relatedItemSchema, DOCUMENT_FIELDS, type IngestDocument, type RelatedItem } from './document.ts';
export { parsePayload, parseStageRecord, STAGE_RECORD_SCHEMAS, type StageRecords } from './validate.ts';
