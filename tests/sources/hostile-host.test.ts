import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { drained, PARAGRAPHS } from './helpers.ts';

const send = (res: ServerResponse, html: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
const LAYERS = 2_500;
let layered = Buffer.from(articlePage('Wrapped many times', PARAGRAPHS));
for (let i = 0; i < LAYERS; i++) layered = gzipSync(layered, { level: 1 });

describe('hostile hosts through the whole pipeline', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let pausedAnswers = 0;

  beforeAll(async () => {
    site = await startFixtureServer({
      // Asks for a pause of ~31 years once, then serves the page.
      '/pause-forever.html': (_q, r) => (pausedAnswers++ === 0 ? r.writeHead(429, { 'retry-after': '999999999' }).end() : send(r, articlePage('Served after the clamped pause', PARAGRAPHS))),
      '/normal.html': (_q, r) => send(r, articlePage('A normal page on the paused host', PARAGRAPHS)),
      '/huge-headers.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'x-filler': 'a'.repeat(10 * 1024 * 1024) }).end('<p>x</p>'),
      '/long-location': (_q, r) => r.writeHead(302, { location: `/${'a'.repeat(100_000)}` }).end(),
      '/layers.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': Array(LAYERS).fill('gzip').join(', ') }).end(layered),
    });
    config = testConfig({ jobAttempts: 2, fetchMaxRetryAfterMs: 1_000 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'hostile-host' });
    const frontier = new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix);
    await enqueueUrls(proc.conns.queues, frontier, { urls: [`${site.baseUrl}/pause-forever.html`] });
    // The normal page is enqueued only once the host has been paused, so it has to wait for the pause.
    while (pausedAnswers === 0) await new Promise((r) => setTimeout(r, 20));
    await enqueueUrls(proc.conns.queues, frontier, { urls: ['/normal.html', '/huge-headers.html', '/long-location', '/layers.html'].map((p) => `${site.baseUrl}${p}`) });
    await drained(proc, 60_000);
  }, 120_000);

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  const title = async (path: string) => {
    const res = await proc.conns.searchIndex.search({ filters: [{ field: 'canonicalUrl', op: 'eq', value: `${site.baseUrl}${path}` }], limit: 1 });
    return res.hits[0]?.title ?? null;
  };

  it('a huge Retry-After is clamped: the host resumes and both its pages are indexed', async () => {
    expect(await title('/normal.html')).toBe('A normal page on the paused host');
    expect(await title('/pause-forever.html')).toBe('Served after the clamped pause');
    expect(pausedAnswers).toBe(2);
  });

  it('names every hostile answer with its own code, none INTERNAL', async () => {
    const failures = await proc.conns.stats.recentFailures(100);
    expect(failures.filter((f) => f.code === 'INTERNAL')).toEqual([]);
    const final = new Map(failures.filter((f) => f.final && f.queue === 'fetch').map((f) => [new URL(f.url!).pathname, f.code]));
    expect(Object.fromEntries(final)).toEqual({
      '/huge-headers.html': 'HEADERS_TOO_LARGE',
      '/long-location': 'URL_TOO_LONG',
      '/layers.html': 'DECOMPRESSION_BOMB',
    });
    expect(await title('/layers.html')).toBeNull();
  });
});
