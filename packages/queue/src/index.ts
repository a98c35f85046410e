export {
  createRedis,
  checkRedisPolicy,
  pingRedis,
  redisEvictionPolicy,
  evictionError,
  isRedisUnavailable,
  isRedisOutOfMemory,
  aofDurability,
  waitDurable,
  redisReady,
  type RedisOptions,
} from './redis.ts';
export { jobId, shortHash } from './job-ids.ts';
export { QueueSet, defaultJobOptions, foldPrioritized, type QueueSetOptions } from './queues.ts';
export { PipelineStats, STATS_FLUSH_MS, type FailureRecord } from './stats.ts';
export { createStageWorker, closeWithDeadline, recordOutcome, type StageHandler, type StageContext, type StageWorkerOptions } from './worker.ts';
export { queueTelemetry, inStageSpan } from './telemetry.ts';
export { isHashTagged, jobKey, queueKeyPrefix, scanKeys, stackKeyPatterns, stackNamespace } from './keys.ts';
export { failureOf, recordJobFailure, STALLED_REASON, type JobFailure } from './failure.ts';
