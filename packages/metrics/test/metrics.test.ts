import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '@ingest/errors';
import type { FetchResponse } from '@ingest/fetch';
import { PipelineMetrics, parseMetricsText, statusClass, sumOf } from '@ingest/metrics';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { PageFetcher } from '@ingest/pipeline';
import { observeFetches } from '@ingest/runtime';

describe('pipeline metrics', () => {
  it('counts fetch results by status class and host, including failures without an HTTP answer', async () => {
    const metrics = new PipelineMetrics({ service: 'unit', defaultMetrics: false });
    const outcomes = new Map<string, () => Promise<FetchResponse>>([
      ['http://a.example/ok', async () => ({ status: 200 }) as FetchResponse],
      ['http://a.example/gone', async () => Promise.reject(new PermanentError('HTTP_GONE', 'gone', { details: { status: 404 } }))],
      ['http://b.example:8080/down', async () => Promise.reject(new RetryableError('CONNECT_FAILED', 'refused'))],
    ]);
    const inner: PageFetcher = { fetch: (url) => outcomes.get(url)!(), robotsSitemaps: async () => [], close: async () => {} };
    const fetcher = observeFetches(inner, metrics.fetchResult);
    for (const url of outcomes.keys()) await fetcher.fetch(url).catch(() => {});
    const parsed = parseMetricsText(await metrics.text());
    expect(parsed.types.ingest_fetch_results_total).toBe('counter');
    expect(sumOf(parsed, 'ingest_fetch_results_total', { host: 'a.example', status_class: '2xx' })).toBe(1);
    expect(sumOf(parsed, 'ingest_fetch_results_total', { host: 'a.example', status_class: '4xx' })).toBe(1);
    expect(sumOf(parsed, 'ingest_fetch_results_total', { host: 'b.example:8080', status_class: 'error' })).toBe(1);
    expect(parsed.samples.every((s) => s.labels.service === 'unit')).toBe(true);
  });

  it('reports worker liveness and the last job time per stage', async () => {
    const metrics = new PipelineMetrics({ service: 'unit', defaultMetrics: false });
    let running = true;
    metrics.watchWorkers(() => [{ stage: 'fetch', running }]);
    metrics.jobSettled({ queue: 'fetch', outcome: 'done', durationMs: 120 });
    let parsed = parseMetricsText(await metrics.text());
    expect(sumOf(parsed, 'ingest_worker_up', { stage: 'fetch' })).toBe(1);
    // Stages this process does not run are reported as 0, so the series exists in every process kind.
    expect(parsed.samples.filter((s) => s.name === 'ingest_worker_up').map((s) => s.labels.stage)).toEqual(['discover', 'fetch', 'render', 'extract', 'index']);
    expect(sumOf(parsed, 'ingest_worker_up', { stage: 'index' })).toBe(0);
    expect(sumOf(parsed, 'ingest_worker_last_job_timestamp_seconds', { stage: 'fetch' })).toBeGreaterThan(Date.now() / 1000 - 5);
    expect(sumOf(parsed, 'ingest_job_duration_seconds_bucket', { stage: 'fetch', le: '0.25' })).toBe(1);
    running = false;
    parsed = parseMetricsText(await metrics.text());
    expect(sumOf(parsed, 'ingest_worker_up', { stage: 'fetch' })).toBe(0);
  });

  it('names status classes', () => {
    expect([statusClass(204), statusClass(301), statusClass(503), statusClass(null)]).toEqual(['2xx', '3xx', '5xx', 'error']);
  });

  it('parses labels with escapes', () => {
    const p = parseMetricsText('# TYPE x gauge\nx{a="q\\"uote",b="line\\nbreak"} 2.5\n');
    expect(p.samples[0]).toEqual({ name: 'x', labels: { a: 'q"uote', b: 'line\nbreak' }, value: 2.5 });
  });
});

describe('a scrape while Redis fails', () => {
  it('still answers, with the last shared counts and an error count', async () => {
    let fail = false;
    const stats = { counts: async () => (fail ? Promise.reject(new Error('Command timed out')) : { 'index.done': 3 }) } as unknown as PipelineStats;
    const queues = { queues: new Proxy({}, { get: () => ({ getJobCounts: async () => (fail ? Promise.reject(new Error('Command timed out')) : { waiting: 2 }) }) }) } as unknown as QueueSet;
    const metrics = new PipelineMetrics({ service: 'unit', defaultMetrics: false, stats, queues });
    expect(sumOf(parseMetricsText(await metrics.text()), 'ingest_pipeline_jobs_total', { stage: 'index', outcome: 'done' })).toBe(3);
    // One shared read serves a scrape and is dropped on the next macrotask: let each scrape read anew.
    const nextTask = () => new Promise((r) => setTimeout(r, 0));
    await nextTask();
    fail = true;
    await metrics.text();
    await nextTask();
    // The error count is read as the scrape starts, so a failure shows in the next scrape.
    const parsed = parseMetricsText(await metrics.text());
    expect(sumOf(parsed, 'ingest_pipeline_jobs_total', { stage: 'index', outcome: 'done' })).toBe(3);
    expect(sumOf(parsed, 'ingest_queue_jobs', { queue: 'fetch', state: 'waiting' })).toBe(2);
    expect(sumOf(parsed, 'ingest_metrics_collect_errors_total', { collector: 'queue_jobs' })).toBe(1);
    expect(sumOf(parsed, 'ingest_metrics_collect_errors_total', { collector: 'shared_counters' })).toBe(1);
  });
});
