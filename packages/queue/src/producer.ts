// The queue set, the shared counters and a producer Redis connection, without the worker side
// (OpenTelemetry, the logger): what a short-lived reader such as `ingest status` loads.
export { QueueSet, type QueueSetOptions } from './queues.ts';
export { PipelineStats, type FailureRecord } from './stats.ts';
export { createRedis } from './redis.ts';
