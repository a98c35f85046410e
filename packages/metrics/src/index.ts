export { PipelineMetrics, QUEUE_STATES, statusClass, type FetchResultEvent, type WorkerProbe } from './pipeline-metrics.ts';
export { parseMetricsText, sumOf, type ParsedMetrics, type Sample } from './text-parse.ts';
