import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

function io(env: Record<string, string | undefined>, cwd = mkdtempSync(join(tmpdir(), 'ingest-cli-'))) {
  let out = '';
  let err = '';
  const cli: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd };
  return { cli, out: () => out, err: () => err };
}

const DEMO_SEED = fileURLToPath(new URL('../../demo-site/site/news/central-asia-treading-carefully.html', import.meta.url));

describe('ingest CLI', () => {
  const config = testConfig();
  const env = configToEnv(config);
  let proc: PipelineProcess;
  let site: FixtureServer;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/a.html': (_q, r) =>
        html(
          r,
          articlePage('Night trains return to the valley line', [
            'The regional operator will run a sleeper service twice a week from May, the first on the line since 1994.',
            'Tickets go on sale next month and include bicycle spaces, which cyclists had long asked for on the route.',
          ]),
        ),
      '/hang.html': () => {},
    });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('prints usage and per-command help with examples', async () => {
    const a = io(env);
    expect(await main(['--help'], a.cli)).toBe(0);
    for (const cmd of ['start', 'enqueue', 'wait', 'status', 'search', 'export', 'extract']) expect(a.out()).toContain(cmd);
    const b = io(env);
    expect(await main(['enqueue', '--help'], b.cli)).toBe(0);
    expect(b.out()).toContain('Examples:');
    expect(await main(['bogus'], io(env).cli)).toBe(2);
  });

  it('status exits non-zero when no stack answers', async () => {
    const a = io({});
    expect(await main(['status'], a.cli)).toBe(1);
    expect(a.err()).toMatch(/No running stack|Cannot reach/);
    const b = io({ ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await main(['status'], b.cli)).toBe(1);
  });

  it('rejects an invalid URL and enqueues nothing', async () => {
    const a = io(env);
    expect(await main(['enqueue', `${site.baseUrl}/a.html`, 'ftp://example.org/file', 'not-a-url'], a.cli)).toBe(2);
    expect(a.err()).toContain('Nothing was enqueued');
    expect(a.err()).toContain('ftp://example.org/file');
    const s = io(env);
    expect(await main(['status', '--json'], s.cli)).toBe(0);
    expect(JSON.parse(s.out()).queues.fetch.waiting).toBe(0);
  });

  it('enqueues, waits with progress, searches and exports', async () => {
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'cli-test' });
    const e = io(env);
    expect(await main(['enqueue', `${site.baseUrl}/a.html`], e.cli)).toBe(0);
    expect(e.out()).toContain('1 enqueued');
    const again = io(env);
    expect(await main(['enqueue', `${site.baseUrl}/a.html`], again.cli)).toBe(0);
    expect(again.out()).toContain('already queued');

    const w = io(env);
    expect(await main(['wait', '--timeout', '60'], w.cli)).toBe(0);
    expect(w.out()).toMatch(/done: fetched 1, indexed 1, skipped 0, failed 0/);

    const s = io(env);
    expect(await main(['search', 'sleeper', 'service', '--json'], s.cli)).toBe(0);
    const found = JSON.parse(s.out());
    expect(found.hits[0].title).toBe('Night trains return to the valley line');

    const x = io(env);
    expect(await main(['export', '--jsonl'], x.cli)).toBe(0);
    const lines = x
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    for (const field of ['id', 'url', 'canonicalUrl', 'site', 'title', 'authors', 'publishedAt', 'language', 'description', 'body', 'related', 'wordCount', 'archiveKey', 'fetchedAt']) {
      expect(lines[0]).toHaveProperty(field);
    }
  });

  it('wait exits 3 when the timeout passes with work still queued', async () => {
    const e = io(env);
    expect(await main(['enqueue', `${site.baseUrl}/hang.html`], e.cli)).toBe(0);
    const w = io(env);
    expect(await main(['wait', '--timeout', '1'], w.cli)).toBe(3);
    expect(w.err()).toContain('Timed out');
  });

  it('extract prints the body the pipeline would index', async () => {
    const a = io(env);
    expect(await main(['extract', '--url', 'https://demo.example/news/central-asia.html', DEMO_SEED], a.cli)).toBe(0);
    const doc = JSON.parse(a.out());
    expect(doc.text).toContain('Central Asian republics are treading carefully');
    expect(doc.text).not.toContain('Related articles');
    expect(doc.related).toHaveLength(2);
    const missing = io(env);
    expect(await main(['extract', '/no/such/file.html'], missing.cli)).toBe(1);
  });
});
