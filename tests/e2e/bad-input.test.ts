import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { pipelineStatus } from '@ingest/ops';
import { freePort } from '@ingest/embedded';
import { articlePage, cleanupTest, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

describe('bad input gets a clear recorded reason and the worker keeps going', () => {
  // The unreachable host's robots.txt fails first; its pages retry no sooner than that outage lasts.
  const config = testConfig({ fetchMaxBytes: 64 * 1024, jobAttempts: 2, fetchTimeoutMs: 3_000, fetchRobotsErrorTtlMs: 1_000 });
  let site: FixtureServer;
  let proc: PipelineProcess;
  let closedPort: number;

  beforeAll(async () => {
    closedPort = await freePort();
    site = await startFixtureServer({
      '/good.html': (_q, r) =>
        html(
          r,
          articlePage('Library extends its opening hours', [
            'The central library will open until ten in the evening on weekdays from next month, the council said.',
            'Students had petitioned for longer hours during the exam season, gathering more than two thousand signatures.',
          ]),
        ),
      '/report.pdf': (_q, r) => r.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 fake'),
      '/huge.html': (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.end(`<html><body><p>${'x'.repeat(200 * 1024)}</p></body></html>`);
      },
      '/loop-a': (_q, r) => r.writeHead(301, { location: '/loop-b' }).end(),
      '/loop-b': (_q, r) => r.writeHead(301, { location: '/loop-a' }).end(),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'bad-input' });
    const urls = ['/missing.html', '/report.pdf', '/huge.html', '/loop-a', '/good.html'].map((p) => `${site.baseUrl}${p}`);
    urls.push(`http://127.0.0.1:${closedPort}/unreachable.html`);
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls });
    const deadline = performance.now() + 45_000;
    while (!(await pipelineStatus(proc.conns.queues, proc.conns.stats)).idle && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('records one final reason per bad URL', async () => {
    const status = await pipelineStatus(proc.conns.queues, proc.conns.stats, 100);
    const final = new Map(status.recentFailures.filter((f) => f.final).map((f) => [new URL(f.url!).pathname, f]));
    expect(final.get('/missing.html')?.code).toBe('HTTP_GONE');
    expect(final.get('/report.pdf')?.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(final.get('/huge.html')?.code).toBe('BODY_TOO_LARGE');
    expect(final.get('/loop-a')?.code).toBe('REDIRECT_LOOP');
    expect(final.get('/unreachable.html')?.code).toBe('CONNECT_FAILED');
    for (const f of final.values()) expect(f.message.length).toBeGreaterThan(10);
    // The transient failure was retried before it was given up; permanent ones were not.
    expect(status.recentFailures.filter((f) => f.url?.endsWith('/unreachable.html'))).toHaveLength(2);
    expect(status.recentFailures.filter((f) => f.url?.endsWith('/missing.html'))).toHaveLength(1);
    expect(site.hits.filter((h) => h === '/missing.html')).toHaveLength(1);
  });

  it('still indexes the good page', async () => {
    const res = await proc.conns.searchIndex.search({ text: 'library opening hours' });
    expect(res.hits).toHaveLength(1);
    const status = await pipelineStatus(proc.conns.queues, proc.conns.stats);
    expect(status.queues.fetch?.failed).toBe(4);
    expect(status.counters['fetch.skipped']).toBe(1);
  });
});
