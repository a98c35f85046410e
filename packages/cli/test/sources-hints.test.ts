import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { pipelineStatus } from '@ingest/ops';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

describe('ingest sources: what show suggests works, scheduled sources run once', () => {
  const config = testConfig({ jobAttempts: 1 });
  const env = configToEnv(config);
  let proc: PipelineProcess;
  let site: FixtureServer;

  async function run(...argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd: mkdtempSync(join(tmpdir(), 'ingest-hints-')) };
    const code = await main(argv, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    site = await startFixtureServer({
      '/a.html': (_q, r) => html(r, articlePage('Harbour works begin in the spring', ['The harbour authority confirmed the plan on Tuesday, after a winter of storms.'])),
      '/sitemap.xml': (_q, r) => r.writeHead(200, { 'content-type': 'application/xml' }).end('<html><body>not a sitemap</body></html>'),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'sources-hints' });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('suggests `sources run` for a failure of the source itself, and retry --source says it has nothing to retry', async () => {
    expect((await run('sources', 'add', 'broken', '--kind', 'sitemap', `${site.baseUrl}/sitemap.xml`)).code).toBe(0);
    await drained(proc);
    const show = await run('sources', 'show', 'broken');
    expect(show.out).toContain('SITEMAP_MALFORMED');
    expect(show.out).toContain('ingest sources run broken');
    expect(show.out).not.toContain('ingest retry --source broken');
    const retry = await run('retry', '--source', 'broken');
    expect(retry.code).toBe(1);
    expect(retry.out).toMatch(/not retryable {2}SITEMAP_MALFORMED/);
    expect(retry.out).toContain('run the source again with: ingest sources run broken');
  });

  it('suggests retry --source for failed pages, and that retry retries them with their reason', async () => {
    expect((await run('sources', 'add', 'pages', '--kind', 'url', `${site.baseUrl}/gone.html`)).code).toBe(0);
    await drained(proc);
    const show = await run('sources', 'show', 'pages');
    expect(show.out).toContain('failed pages (1; retry with: ingest retry --source pages)');
    const retry = await run('retry', '--source', 'pages');
    expect(retry.code).toBe(0);
    expect(retry.out).toMatch(/retrying {2}http:\/\/127\.0\.0\.1:\d+\/gone\.html {2}\(was: HTTP_GONE/);
    expect(retry.out).not.toContain('(was: null)');
    expect(retry.out).toContain('1 failed job(s) retried');
    await drained(proc);
  });

  it('runs a newly registered scheduled source once, not twice', async () => {
    const add = await run('sources', 'add', 'hourly', '--kind', 'url', '--every', '1h', `${site.baseUrl}/a.html`);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('source hourly (url, every 1h) registered; its schedule starts the first run now');
    // drained() would wait for the scheduler's next run (a delayed job an hour away); pipelineStatus does not count it.
    for (let idle = 0, deadline = performance.now() + 60_000; idle < 3;) {
      if (performance.now() > deadline) throw new Error('the scheduled run did not finish in time');
      const s = await pipelineStatus(proc.conns.queues, proc.conns.stats);
      idle = s.idle && s.counters['index.done'] !== undefined ? idle + 1 : 0;
      await new Promise((r) => setTimeout(r, 200));
    }
    const show = await run('sources', 'show', 'hourly', '--json');
    expect(JSON.parse(show.out).state.runs).toBe(1);
    // The next run is the scheduler's, an hour away; nothing else is queued for the source.
    const discover = proc.conns.queues.queues.discover;
    expect(await discover.getJobSchedulersCount()).toBe(1);
    expect((await discover.getJobCounts('waiting', 'active', 'prioritized')).waiting).toBe(0);
  });
});
