import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { STAGES } from '@ingest/contracts';
import { foldPrioritized, type PipelineStats, type QueueSet } from '@ingest/queue';
import type { ExtractionHealth } from '@ingest/extraction-health';
import { registerExtractionHosts } from './extraction-hosts.ts';
import { registerSharedCounters } from './shared-counters.ts';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** What the fetch stage reports per response (or per failure without one). */
export interface FetchResultEvent {
  url: string;
  /** HTTP status; null when no response came back (DNS, connect, timeout, blocked). */
  status: number | null;
  /** Error code when the fetch failed (e.g. TIMEOUT), to tell network failures apart. */
  code?: string | undefined;
}

export interface WorkerProbe {
  stage: string;
  running: boolean;
}

/** `2xx`…`5xx`, or `error` when there was no HTTP answer. */
export function statusClass(status: number | null): string {
  return status !== null && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'error';
}

/** One registry per process; no global default registry, so tests can run several side by side. */
export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly jobs: Counter<'stage' | 'outcome'>;
  private readonly duration: Histogram<'stage'>;
  private readonly batchSize: Histogram;
  private readonly batchLatency: Histogram;
  private readonly fetches: Counter<'status_class' | 'host'>;
  private readonly lastJob: Gauge<'stage'>;
  private workerProbe: () => WorkerProbe[] = () => [];

  constructor(options: { queues?: QueueSet; stats?: PipelineStats; extraction?: Pick<ExtractionHealth, 'flagged'>; service: string; defaultMetrics?: boolean }) {
    this.registry.setDefaultLabels({ service: options.service });
    // Unprefixed (process_cpu_seconds_total, nodejs_eventloop_lag_seconds): the names every
    // Node.js exporter and community dashboard uses; the service label tells processes apart.
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.jobs = new Counter({ name: 'ingest_jobs_total', help: 'Jobs settled by this process, by stage and outcome', labelNames: ['stage', 'outcome'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'ingest_job_duration_seconds',
      help: 'Job processing time by stage',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.batchSize = new Histogram({ name: 'ingest_index_batch_documents', help: 'Documents per Meilisearch upsert', buckets: [1, 5, 10, 25, 50, 100, 200, 500, 1000], registers: [this.registry] });
    this.batchLatency = new Histogram({
      name: 'ingest_meili_task_seconds',
      help: 'Meilisearch task latency (enqueue to succeeded) per batch',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    // Host cardinality is bounded by what operators crawl; per-host series are what politeness problems show up in.
    this.fetches = new Counter({
      name: 'ingest_fetch_results_total',
      help: 'Fetch results by HTTP status class (error = no HTTP answer) and host',
      labelNames: ['status_class', 'host'],
      registers: [this.registry],
    });
    this.lastJob = new Gauge({
      name: 'ingest_worker_last_job_timestamp_seconds',
      help: 'Unix time of the last job this process settled, per stage',
      labelNames: ['stage'],
      registers: [this.registry],
    });
    const probe = () => this.workerProbe();
    new Gauge({
      name: 'ingest_worker_up',
      help: '1 while this process runs a worker for the stage and it is taking jobs; 0 for every stage it does not run (or runs closed or paused locally). max by (stage) is the pipeline-wide liveness',
      labelNames: ['stage'],
      registers: [this.registry],
      collect() {
        this.reset();
        // Every stage in every process kind (API-only included), so the series never goes absent
        // while any process is scraped, and a stage nobody runs shows up as 0.
        const running = new Map(probe().map((w) => [w.stage, w.running]));
        for (const stage of STAGES) this.set({ stage }, running.get(stage) ? 1 : 0);
      },
    });
    const collectErrors = new Counter({
      name: 'ingest_metrics_collect_errors_total',
      help: 'Scrapes in which a series read from Redis could not be refreshed (its last value was served)',
      labelNames: ['collector'],
      registers: [this.registry],
    });
    const onError = (collector: string) => collectErrors.inc({ collector });
    const queues = options.queues;
    if (queues) {
      new Gauge({
        name: 'ingest_queue_jobs',
        help: 'Jobs in each queue by state (read from Redis at scrape time; pipeline-wide)',
        labelNames: ['queue', 'state'],
        registers: [this.registry],
        async collect() {
          try {
            for (const stage of STAGES) {
              const counts = foldPrioritized(await queues.queues[stage].getJobCounts(...QUEUE_STATES));
              for (const state of QUEUE_STATES) this.set({ queue: stage, state }, counts[state] ?? 0);
            }
          } catch {
            // A slow or absent Redis keeps the last counts; the rest of the scrape still answers.
            onError('queue_jobs');
          }
        },
      });
    }
    if (options.stats) registerSharedCounters(this.registry, options.stats, onError);
    if (options.extraction) registerExtractionHosts(this.registry, options.extraction, onError);
  }

  jobSettled = (event: { queue: string; outcome: string; durationMs: number }): void => {
    this.jobs.inc({ stage: event.queue, outcome: event.outcome });
    this.duration.observe({ stage: event.queue }, event.durationMs / 1000);
    this.lastJob.set({ stage: event.queue }, Date.now() / 1000);
  };

  indexBatch = (size: number, ms: number): void => {
    this.batchSize.observe(size);
    this.batchLatency.observe(ms / 1000);
  };

  /** The fetch stage's hook: one call per fetch attempt, with or without an HTTP answer. */
  fetchResult = (event: FetchResultEvent): void => {
    let host = 'invalid';
    try {
      host = new URL(event.url).host;
    } catch {
      // An unparsable URL never reaches a fetch; keep the series anyway.
    }
    this.fetches.inc({ status_class: statusClass(event.status), host });
  };

  /** Reports worker liveness from the process's running workers at scrape time. */
  watchWorkers(probe: () => WorkerProbe[]): void {
    this.workerProbe = probe;
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
