import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { STAGES } from '@ingest/contracts';
import type { PipelineStats, QueueSet } from '@ingest/queue';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** One registry per process; no global default registry, so tests can run several side by side. */
export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly jobs: Counter<'stage' | 'outcome'>;
  private readonly duration: Histogram<'stage'>;
  private readonly batchSize: Histogram;
  private readonly batchLatency: Histogram;

  constructor(options: { queues?: QueueSet; stats?: PipelineStats; service: string; defaultMetrics?: boolean }) {
    this.registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'ingest_process_' });
    this.jobs = new Counter({ name: 'ingest_jobs_total', help: 'Jobs settled by this process, by stage and outcome', labelNames: ['stage', 'outcome'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'ingest_job_duration_seconds',
      help: 'Job processing time by stage',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.batchSize = new Histogram({ name: 'ingest_index_batch_documents', help: 'Documents per Meilisearch upsert', buckets: [1, 5, 10, 25, 50, 100, 200, 500, 1000], registers: [this.registry] });
    this.batchLatency = new Histogram({ name: 'ingest_meili_task_seconds', help: 'Meilisearch task latency (enqueue to succeeded) per batch', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
    const queues = options.queues;
    if (queues) {
      new Gauge({
        name: 'ingest_queue_jobs',
        help: 'Jobs in each queue by state (read from Redis at scrape time)',
        labelNames: ['queue', 'state'],
        registers: [this.registry],
        async collect() {
          for (const stage of STAGES) {
            const counts = await queues.queues[stage].getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue: stage, state }, counts[state] ?? 0);
          }
        },
      });
    }
    const stats = options.stats;
    if (stats) {
      new Gauge({
        name: 'ingest_pipeline_events',
        help: 'Pipeline-wide counters shared by all processes (Redis): outcomes per stage, bytes, blocks removed',
        labelNames: ['event'],
        registers: [this.registry],
        async collect() {
          for (const [event, value] of Object.entries(await stats.counts())) this.set({ event }, value);
        },
      });
    }
  }

  jobSettled = (event: { queue: string; outcome: string; durationMs: number }): void => {
    this.jobs.inc({ stage: event.queue, outcome: event.outcome });
    this.duration.observe({ stage: event.queue }, event.durationMs / 1000);
  };

  indexBatch = (size: number, ms: number): void => {
    this.batchSize.observe(size);
    this.batchLatency.observe(ms / 1000);
  };

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
