export type { PipelineDeps } from './deps.ts';
export type { PageFetcher } from './fetch/fetcher.ts';
export { startStageWorkers, type RunningWorkers, type StageMetricsHook } from './workers.ts';
export { enqueueUrls, fetchJobId, type EnqueueRequest, type EnqueueResult } from './enqueue.ts';
export { CrawlFrontier } from './crawl.ts';
export type { ExtractedRecord } from './extract/record.ts';
export { buildDocument } from './enrich/build-document.ts';
export { HttpPageFetcher } from './fetch/http-fetcher.ts';
export { processHtml, type ProcessInput } from './extract/process-html.ts';
