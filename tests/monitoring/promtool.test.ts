import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { parseMetricsText, sumOf, type ParsedMetrics } from '@ingest/metrics';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

// promtool ships with Prometheus (.ci/run installs the `prometheus` package).
const root = fileURLToPath(new URL('../../', import.meta.url));
const PROM_CLIENT_LEGACY = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];
const promtool = (args: string[], input?: string) => spawnSync('promtool', args, { cwd: root, input, encoding: 'utf8' });

describe('metrics as Prometheus reads them', () => {
  // The process `npm start` runs: every stage and the API in one process.
  const config = testConfig();
  let proc: PipelineProcess;
  let site: FixtureServer;
  let scrape: string;
  let parsed: ParsedMetrics;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/story.html': (_q, r) =>
        html(
          r,
          articlePage('Ferry timetable changes for winter', [
            'The ferry between the two islands moves to its winter timetable next week, with four crossings a day instead of seven.',
            'The operator said the first crossing leaves at seven and the last returns before dark, as in previous winters.',
          ]),
        ),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'all-in-one' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/story.html`] });
    await drained(proc);
    // The shared counters reach Redis in batches; scrape until the index stage's outcome shows.
    const deadline = performance.now() + 30_000;
    do {
      const res = await fetch(`${proc.apiUrl}/metrics`);
      expect(res.status).toBe(200);
      scrape = await res.text();
      parsed = parseMetricsText(scrape);
      // A stage paused for a moment (a slow dependency under load) reports 0 until it resumes.
      const allUp = STAGES.every((stage) => sumOf(parsed, 'ingest_worker_up', { stage }) === 1);
      if (allUp && sumOf(parsed, 'ingest_pipeline_jobs_total', { stage: 'index', outcome: 'done' }) >= 1) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (performance.now() < deadline);
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('passes promtool check metrics on a real scrape', () => {
    const result = promtool(['check', 'metrics'], scrape);
    expect(result.error, 'promtool is not installed (apt-get install prometheus)').toBeUndefined();
    // prom-client's own gauges keep their historical _total names because the community Node.js
    // dashboards query them by those names; every other finding fails the test.
    const findings = (result.stdout + result.stderr).split('\n').filter((l) => l.trim() !== '');
    const ours = findings.filter((l) => !PROM_CLIENT_LEGACY.some((name) => l.startsWith(`${name} non-counter metrics should not have "_total" suffix`)));
    expect(ours).toEqual([]);
    expect(result.status === 0 || findings.length > 0).toBe(true);
  });

  it('names process metrics as every Node.js exporter does, without a double prefix', () => {
    expect(parsed.types.process_cpu_seconds_total).toBe('counter');
    expect(parsed.types.nodejs_eventloop_lag_seconds).toBe('gauge');
    expect(Object.keys(parsed.types).filter((n) => n.startsWith('ingest_process_'))).toEqual([]);
  });

  it('types pipeline-wide counts as counters of one unit each', () => {
    expect(parsed.types.ingest_pipeline_events).toBeUndefined();
    expect(parsed.types.ingest_pipeline_jobs_total).toBe('counter');
    expect(parsed.types.ingest_fetched_bytes_total).toBe('counter');
    for (const stage of ['fetch', 'extract', 'index']) expect(sumOf(parsed, 'ingest_pipeline_jobs_total', { stage, outcome: 'done' }), stage).toBe(1);
    expect(sumOf(parsed, 'ingest_fetched_bytes_total')).toBeGreaterThan(100);
  });

  it('reports ingest_worker_up for every stage from the all-in-one process', () => {
    for (const stage of STAGES) expect(sumOf(parsed, 'ingest_worker_up', { stage }), stage).toBe(1);
  });

  it('passes promtool check rules on the shipped alerts', () => {
    const result = promtool(['check', 'rules', 'infra/prometheus/alerts.yml']);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });
});
