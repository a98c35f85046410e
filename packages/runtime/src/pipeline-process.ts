import type { FastifyInstance } from 'fastify';
import type { Config } from '@ingest/config';
import type { QueueName } from '@ingest/contracts';
import { Dedupe } from '@ingest/dedupe';
import { ActivitySummary, type Logger } from '@ingest/logger';
import { PipelineMetrics } from '@ingest/metrics';
import {
  HttpPageFetcher,
  PagePool,
  startAuditSchedule,
  startRunWatch,
  startStageWorkers,
  type AuditSchedule,
  type PipelineDeps,
  type RunWatch,
  type RunningWorkers,
  type StageMetricsHook,
} from '@ingest/pipeline';
import { startWebhooks, type Webhooks } from '@ingest/webhooks';
import { closeWithDeadline, createRedis } from '@ingest/queue';
import { connect, type Connections } from './connect.ts';
import { observeFetches } from './observe-fetches.ts';
import { createPoliteness } from './politeness.ts';
import { siteDiscovery } from './site-discovery.ts';
import { createRenderer } from './renderer.ts';

export interface PipelineProcess {
  /** The workers' connections (wait for Redis forever). */
  conns: Connections;
  /** The API's own producer connections (fail fast, no offline queue); null without the API. */
  producer: Connections | null;
  workers: RunningWorkers | null;
  api: FastifyInstance | null;
  apiUrl: string | null;
  metrics: PipelineMetrics;
  close(): Promise<void>;
}

export interface PipelineProcessOptions {
  stages: readonly QueueName[];
  api: boolean;
  service: string;
  /** Now in ms for adaptive recrawl schedules (tests inject a fake clock); Date.now by default. */
  clock?: () => number;
}

/** Wires one process: any subset of the stage workers, and optionally the API with the UI and dashboard. */
export async function startPipelineProcess(config: Config, log: Logger, options: PipelineProcessOptions): Promise<PipelineProcess> {
  // The API must tell a caller at once when Redis is down, and never enqueue later what it
  // answered 503 for: it gets producer connections of its own, even next to workers.
  const apiOnly = options.api && options.stages.length === 0;
  const conns = await connect(config, log, apiOnly ? 'producer' : 'worker');
  let producer: Connections | null = apiOnly ? conns : null;
  try {
    if (options.api && !producer) producer = await connect(config, log, 'producer');
    await conns.archive.ensureReady();
    if (options.api || options.stages.includes('index')) await conns.searchIndex.ensureSettings();
  } catch (err) {
    await producer?.close();
    await conns.close();
    throw err;
  }
  const surface = producer ?? conns;
  const metrics = new PipelineMetrics({ queues: surface.queues, stats: surface.stats, extraction: surface.extractionHealth, service: options.service });
  const politeness = createPoliteness(config, conns.redis);
  const fetcher = observeFetches(new HttpPageFetcher(config, politeness), metrics.fetchResult);
  // Events go out through a queue of their own; the API process delivers them (and decides when
  // source runs are over), every process with stages emits them.
  const webhookRedis = createRedis(config.redisUrl, 'worker', { cluster: config.redisCluster });
  webhookRedis.on('error', (err) => log.debug({ err: err.message }, 'redis connection error (webhooks)'));
  const webhooks: Webhooks = startWebhooks({
    redis: webhookRedis,
    prefix: config.queuePrefix,
    attempts: config.webhookAttempts,
    backoffMs: config.webhookBackoffMs,
    timeoutMs: config.webhookTimeoutMs,
    allowNetworks: config.webhookAllowNetworks,
    log,
    deliver: options.api,
  });
  const deps: PipelineDeps = {
    config,
    log,
    redis: conns.redis,
    queues: conns.queues,
    archive: conns.archive,
    stats: conns.stats,
    fetcher,
    searchIndex: conns.searchIndex,
    dedupe: new Dedupe({ redis: conns.redis, prefix: config.queuePrefix }),
    ...(options.stages.includes('extract') ? { pagePool: PagePool.fromConfig(config), extractionHealth: conns.extractionHealth } : {}),
    ...(options.stages.includes('render') ? { renderer: await createRenderer(config, fetcher, log) } : {}),
    events: webhooks.emitter,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  // Threads start loading their modules now rather than on the first job; a job waits for a ready
  // thread outside its page budget, so start-up need not block here.
  void deps.pagePool?.warmUp();
  // Discovery fetches sitemaps and feeds like the fetcher fetches pages, so fetcher processes run it too.
  const stages: readonly QueueName[] = options.stages.includes('fetch') && !options.stages.includes('discover') ? ['discover', ...options.stages] : options.stages;
  const summary = new ActivitySummary({ log });
  const onSettled: NonNullable<StageMetricsHook['onSettled']> = (event) => {
    metrics.jobSettled(event);
    summary.settled(event);
  };
  const workers = stages.length > 0 ? startStageWorkers(deps, stages, conns.redis, { onSettled, onIndexBatch: metrics.indexBatch }) : null;
  // Here rather than in each entry point, so every process kind (services, `ingest start`) reports it.
  const running = workers?.workers ?? [];
  metrics.watchWorkers(() => running.map((w) => ({ stage: w.name, running: w.isRunning() && !w.isPaused() })));

  let api: FastifyInstance | null = null;
  let apiUrl: string | null = null;
  let audits: AuditSchedule | null = null;
  let runWatch: RunWatch | null = null;
  if (options.api) {
    runWatch = startRunWatch({ redis: conns.redis, queues: conns.queues, events: webhooks.emitter, log, intervalMs: config.webhookRunCheckMs });
    // The API process is the one every deployment has exactly one kind of; a Redis lock keeps replicas from auditing twice.
    audits = startAuditSchedule({ redis: conns.redis, queues: conns.queues, stats: conns.stats, searchIndex: conns.searchIndex, archive: conns.archive }, config.auditIntervalMs, log);
    // Loaded only where the API is served: a worker process never pulls in fastify and bull-board.
    const { buildApi } = await import('@ingest/api-server');
    const searchKey = await conns.searchIndex.searchOnlyKey();
    api = await buildApi({
      apiKey: config.apiKey ?? '',
      log,
      redis: surface.redis,
      queues: surface.queues,
      stats: surface.stats,
      extractionHealth: surface.extractionHealth,
      archive: surface.archive,
      searchIndex: surface.searchIndex,
      metrics,
      allowEviction: config.redisAllowEviction,
      aofWaitMs: config.redisAofWaitMs,
      authFailureLimit: config.apiAuthFailureLimit,
      webhookAllowNetworks: config.webhookAllowNetworks,
      searchUi: { meiliUrl: config.meiliPublicUrl ?? config.meiliUrl ?? '', searchKey, indexUid: config.meiliIndex },
      discoverSite: siteDiscovery(config, conns.redis, deps.fetcher),
    });
    if (!config.apiKey) throw new Error('API_KEY is required to serve the API.');
    apiUrl = await api.listen({ host: config.apiHost, port: config.apiPort });
  }

  let closing: Promise<void> | null = null;
  return {
    conns,
    producer,
    workers,
    api,
    apiUrl,
    metrics,
    close() {
      closing ??= closeWithDeadline(
        [
          async () => {
            await workers?.close();
            summary.close();
            await audits?.close();
            await runWatch?.close();
            await webhooks.close();
            await webhookRedis.quit().catch(() => webhookRedis.disconnect());
            await api?.close();
            await deps.renderer?.close();
            await deps.fetcher.close();
            await deps.pagePool?.close();
            await producer?.close();
            await conns.close();
          },
        ],
        config.shutdownTimeoutMs,
        log,
      );
      return closing;
    },
  };
}
