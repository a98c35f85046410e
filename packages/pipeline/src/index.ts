export type { PipelineDeps } from './deps.ts';
export type { PageFetcher, PageFetchOptions } from './fetch/fetcher.ts';
export { startStageWorkers, type RunningWorkers, type StageMetricsHook } from './workers.ts';
export { enqueueUrls, enqueueUrlsReporting, normalizeAll, fetchJobId, type EnqueueRequest, type EnqueueResult, type EnqueueReport, type EnqueueFailure, type InvalidUrl } from './enqueue.ts';
export { CrawlFrontier } from './crawl.ts';
export type { ExtractedRecord } from './extract/record.ts';
export type { PageRenderer } from './render/renderer.ts';
export { processPage, type PageSource, type PageSteps, type PageOutcome, type PageSkipCode } from './extract/process-page.ts';
export { HttpPageFetcher } from './fetch/http-fetcher.ts';
export { processHtml, type ProcessInput, type ProcessResult } from './extract/process-html.ts';
export { PagePool, processHtmlInPool, type PageInput, type PagePoolOptions } from './extract/page-pool.ts';
export { UrlStateStore, type UrlState } from './state/url-state.ts';
export { runIdOf, runKey } from './discover/run-id.ts';
export { discoverSite } from './discover/site.ts';
export { registryOf } from './sources/report.ts';
export {
  runAudit,
  repairLost,
  classifyPage,
  ENDED_CODES,
  startAuditSchedule,
  lastAuditReport,
  type AuditDeps,
  type AuditReport,
  type AuditProgress,
  type LostPage,
  type RepairResult,
  type AuditSchedule,
} from './audit/index.ts';
export type { PipelineEvent, PipelineEvents } from './events.ts';
export { startRunWatch, type RunWatch, type RunWatchDeps } from './sources/run-watch.ts';
