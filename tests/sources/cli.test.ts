import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { documentId } from '@ingest/urls';
import { drained, PARAGRAPHS } from './helpers.ts';

function cli(env: Record<string, string>) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string | Uint8Array) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd: mkdtempSync(join(tmpdir(), 'ingest-src-')),
  };
  return { run: (...argv: string[]) => main(argv, io), out: () => out, err: () => err };
}

describe('ingest sources, retry and raw', () => {
  let config: Config;
  let env: Record<string, string>;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let flakyFails = true;
  const story = articlePage('Ferry timetable changes for the winter', PARAGRAPHS);

  beforeAll(async () => {
    site = await startFixtureServer({
      '/story.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-fixture': 'yes' }).end(story),
      '/flaky.html': (_q, r) => (flakyFails ? r.writeHead(500).end('down') : r.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Flaky page finally answers', PARAGRAPHS))),
    });
    config = testConfig({ jobAttempts: 1 });
    env = configToEnv(config);
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'sources-cli' });
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('adds, lists and shows a source with its failures, and retries them', async () => {
    const add = cli(env);
    expect(await add.run('sources', 'add', 'news', '--kind', 'url', `${site.baseUrl}/story.html`, `${site.baseUrl}/flaky.html`), add.err()).toBe(0);
    expect(add.out()).toContain('source news (url, manual) registered; first run enqueued');
    await drained(proc);

    const show = cli(env);
    expect(await show.run('sources', 'show', 'news')).toBe(0);
    expect(show.out()).toContain('found 2, fetched 1, unchanged 0, removed 0, failed 1');
    expect(show.out()).toMatch(/HTTP_SERVER_ERROR\s+http:\/\/127\.0\.0\.1:\d+\/flaky\.html/);

    const list = cli(env);
    expect(await list.run('sources', 'list', '--json')).toBe(0);
    expect(JSON.parse(list.out())[0].source.id).toBe('news');

    flakyFails = false;
    const retry = cli(env);
    expect(await retry.run('retry', '--source', 'news'), retry.err()).toBe(0);
    expect(retry.out()).toContain('1 failed job(s) retried');
    await drained(proc);
    const after = cli(env);
    await after.run('sources', 'show', 'news', '--json');
    const shown = JSON.parse(after.out());
    expect(shown.state).toMatchObject({ fetched: 2, failed: 0 });
    expect(shown.failures).toEqual([]);
  });

  it('refuses bad input with exit code 2 and unknown ids with 1', async () => {
    const bad = cli(env);
    expect(await bad.run('sources', 'add', 'Bad Id', '--kind', 'url', 'http://127.0.0.1/')).toBe(2);
    expect(bad.err()).toContain('INVALID_SOURCE');
    const missing = cli(env);
    expect(await missing.run('sources', 'pause', 'nope')).toBe(1);
    expect(missing.err()).toContain('ingest sources list');
  });

  it('prints the archived raw page of a document or URL, with --headers', async () => {
    const byId = cli(env);
    expect(await byId.run('raw', documentId(`${site.baseUrl}/story.html`)), byId.err()).toBe(0);
    expect(byId.out()).toBe(story);
    const byUrl = cli(env);
    expect(await byUrl.run('raw', '--headers', `${site.baseUrl}/story.html`)).toBe(0);
    expect(byUrl.out()).toMatch(/^HTTP 200 {2}http:\/\/127\.0\.0\.1:\d+\/story\.html/);
    expect(byUrl.out()).toContain('x-fixture: yes');
    expect(byUrl.out().endsWith(story)).toBe(true);
  });
});
