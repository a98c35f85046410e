import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type QueueName } from '@ingest/contracts';
import { createStageWorker, type StageHandler } from '@ingest/queue';
import type { Dependency } from '@ingest/errors';
import { DEFAULT_IN_FLIGHT, IndexBatcher, RedisVersionGuard } from '@ingest/search-index';
import type { PipelineDeps } from './deps.ts';
import { discoverStage } from './discover/stage.ts';
import { extractStage } from './extract/stage.ts';
import { fetchStage } from './fetch/stage.ts';
import { indexStage } from './index/stage.ts';
import { renderStage } from './render/stage.ts';
import { UrlStateStore } from './state/url-state.ts';
import { inlineStages } from './inline.ts';

export interface StageMetricsHook {
  onSettled?: (event: { queue: QueueName; outcome: string; durationMs: number; final?: boolean }) => void;
  onIndexBatch?: (size: number, ms: number) => void;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

function concurrencyOf(deps: PipelineDeps, stage: QueueName): number {
  switch (stage) {
    case QUEUES.discover:
      // Discovery mostly waits on the network; a few runs at once is plenty.
      return 2;
    case QUEUES.fetch:
      return deps.config.fetchConcurrency;
    case QUEUES.render:
      return deps.config.renderConcurrency;
    case QUEUES.extract:
      return deps.config.extractConcurrency;
    case QUEUES.index:
      // Jobs wait in open batches, active until their batch is indexed: one batch's worth per batch
      // in flight lets the next fill while one is indexed, and more would only be jobs a kill stalls.
      return deps.config.indexBatchSize * DEFAULT_IN_FLIGHT;
  }
}

/**
 * Starts one worker per requested stage. Refuses to start a stage without exactly one handler,
 * as immich does for its job names.
 */
export function startStageWorkers(deps: PipelineDeps, stages: readonly QueueName[], workerConnection: Redis, hooks: StageMetricsHook = {}): RunningWorkers {
  const batcher = new IndexBatcher(deps.searchIndex, {
    maxSize: deps.config.indexBatchSize,
    maxWaitMs: deps.config.indexBatchWaitMs,
    ...(hooks.onIndexBatch ? { onBatch: hooks.onIndexBatch } : {}),
    guard: new RedisVersionGuard(deps.redis, deps.queues.prefix),
  });
  // A stage paused for an outage resumes once its dependency answers one of these.
  const probe = async (dependency: Dependency): Promise<boolean> => {
    if (dependency === 's3') return deps.archive.healthy();
    if (dependency === 'meilisearch') return deps.searchIndex.healthy();
    return (await deps.redis.ping()) === 'PONG';
  };
  const urls = new UrlStateStore(deps.redis, deps.queues.prefix);
  const runs = (stage: QueueName) => stages.includes(stage);
  // A fetch runs its page's extraction itself where this process extracts too (inline.ts).
  const inline =
    deps.config.pipelineInline && runs(QUEUES.extract)
      ? inlineStages(deps, { extract: ({ body, ...job }, ctx) => extractStage(deps, job, ctx, body) }, hooks.onSettled ? { onSettled: hooks.onSettled } : {})
      : undefined;
  const fetchDeps: PipelineDeps = inline ? { ...deps, inline } : deps;
  const handlers: { [Q in QueueName]: StageHandler<Q> } = {
    discover: (job, ctx) => discoverStage(deps, job, ctx),
    fetch: async (job, ctx) => {
      const result = await fetchStage(fetchDeps, job, ctx);
      // The completed job's hash is trimmed soon after; the audit and enqueue dedupe read this.
      await urls.recordFetched(job.url, { jobId: ctx.jobId, outcome: result.outcome, code: result.code ?? null, reason: result.reason ?? null, finishedOn: Date.now() });
      return result;
    },
    render: (job, ctx) => renderStage(deps, job, ctx),
    extract: (job, ctx) => extractStage(deps, job, ctx),
    index: (job, ctx) => indexStage(deps, batcher, job, ctx),
  };
  const unique = new Set(stages);
  if (unique.size !== stages.length) throw new Error(`Stage listed twice: ${stages.join(', ')}`);
  const workers = stages.map((stage) => {
    const handler = handlers[stage] as StageHandler<QueueName> | undefined;
    if (!handler) throw new Error(`No handler for stage "${stage}"`);
    const worker = createStageWorker({
      queue: stage,
      handler,
      connection: workerConnection,
      prefix: deps.queues.prefix,
      concurrency: concurrencyOf(deps, stage),
      lockDurationMs: deps.config.jobLockMs,
      telemetry: deps.queues.telemetry,
      log: deps.log,
      stats: deps.stats,
      probe,
      ...(hooks.onSettled ? { onSettled: hooks.onSettled } : {}),
    });
    worker.on('error', (err) => deps.log.error({ err, stage }, 'worker error'));
    return worker;
  });
  let closing: Promise<void> | null = null;
  return {
    workers,
    close() {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        await batcher.flush().catch(() => {});
      })();
      return closing;
    },
  };
}
