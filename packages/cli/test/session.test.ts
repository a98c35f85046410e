import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

describe('ingest wait and status count the work you started', () => {
  const config = testConfig({ jobAttempts: 1 });
  const cwd = mkdtempSync(join(tmpdir(), 'ingest-session-'));
  const env = { ...configToEnv(config), INGEST_DATA_DIR: join(cwd, '.data') };
  let proc: PipelineProcess;
  let site: FixtureServer;

  async function run(...argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd };
    const code = await main(argv, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    site = await startFixtureServer({
      '/one.html': (_q, r) => html(r, articlePage('The first of two stories', ['A council meeting agreed on Tuesday to rebuild the harbour wall over two winters.'])),
      '/two.html': (_q, r) => html(r, articlePage('The second of two stories', ['The ferry timetable changes in October, with an extra crossing on Fridays.'])),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'session-test' });
    // What an earlier stack on the same Redis and prefix left in the shared counters.
    await proc.conns.stats.incr('index.done', 14);
    await proc.conns.stats.incr('fetch.done', 14);
    await proc.conns.stats.flush();
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('reports what was indexed since your first enqueue, and everything with --all', async () => {
    expect((await run('enqueue', `${site.baseUrl}/one.html`)).code).toBe(0);
    expect((await run('enqueue', `${site.baseUrl}/two.html`)).code).toBe(0);
    const w = await run('wait', '--timeout', '60');
    expect(w.code, w.err).toBe(0);
    expect(w.out).toMatch(/^done: fetched 2, indexed 2, skipped 0, failed 0 \(since you started/);

    const all = await run('status', '--all');
    expect(all.out).toMatch(/^fetched 16 {2}extracted \d+ {2}indexed 16 /m);
    // `wait` ended done: the next enqueue starts counting from zero again.
    const after = await run('status');
    expect(after.out).toMatch(/^fetched 16 /m);
    expect((await run('enqueue', `${site.baseUrl}/one.html?again=1`)).code).toBe(0);
    const again = await run('wait', '--timeout', '60');
    expect(again.out).toMatch(/^done: fetched 1, indexed 1,/);
    const json = await run('wait', '--all', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ scope: 'all', indexed: 17 });
  });
});
