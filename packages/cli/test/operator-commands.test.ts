import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '@ingest/ops';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, configToEnv, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

async function run(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const cli: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd: mkdtempSync(join(tmpdir(), 'ingest-cli-')) };
  const code = await main(argv, cli);
  return { code, out, err, json: () => JSON.parse(out) };
}

describe('ingest keys, jobs and queues', () => {
  const config = testConfig({ jobAttempts: 1 });
  const env = configToEnv(config);
  let proc: PipelineProcess;
  let site: FixtureServer;

  beforeAll(async () => {
    site = await startFixtureServer({});
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch'], api: false, service: 'cli-test' });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('has help with examples for each command', async () => {
    for (const cmd of ['keys', 'jobs', 'queues']) {
      const r = await run([cmd, '--help'], env);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Examples:');
    }
    expect((await run(['--help'], env)).out).toMatch(/keys .*API keys/);
  });

  it('creates, lists and revokes keys; the key is stored hashed and printed once', async () => {
    const created = await run(['keys', 'create', 'ci', 'bot', '--scope', 'write', '--json'], env);
    expect(created.code).toBe(0);
    const key = created.json();
    expect(key).toMatchObject({ name: 'ci bot', scopes: ['write'] });
    const store = new ApiKeyStore(proc.conns.redis, config.queuePrefix);
    expect(await store.lookup(key.key)).toMatchObject({ id: key.id });
    const human = await run(['keys', 'create', 'viewer', '--scope', 'read'], env);
    expect(human.out.trim()).toMatch(/^ik_/);
    expect(human.err).toContain('shown only now');

    const list = await run(['keys', 'list'], env);
    expect(list.out).toContain('ci bot');
    expect(list.out).not.toContain(key.key);
    expect((await run(['keys', 'revoke', key.id], env)).code).toBe(0);
    expect(await store.lookup(key.key)).toBeNull();
    const again = await run(['keys', 'revoke', key.id], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain('ingest keys list');
    expect((await run(['keys', 'create', 'x', '--scope', 'root'], env)).code).toBe(2);
    expect((await run(['keys', 'create', '--scope', 'read'], env)).code).toBe(2);
    expect((await run(['keys', 'rotate'], env)).code).toBe(2);
  });

  it('lists a failed job with its reason, finds it by URL and retries it', async () => {
    const url = `${site.baseUrl}/missing.html`;
    expect((await run(['enqueue', url], env)).code).toBe(0);
    let failed: { id: string; url: string; code: string; failedReason: string }[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      failed = (await run(['jobs', 'failed', '--json'], env)).json().jobs;
    }
    expect(failed[0]).toMatchObject({ url, code: 'HTTP_GONE' });
    const human = await run(['jobs', 'failed', '--queue', 'fetch'], env);
    expect(human.out).toContain('HTTP_GONE');
    expect(human.out).toContain(url);

    const found = await run(['jobs', 'find', url], env);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/fetch\s+failed/);
    expect((await run(['jobs', 'find', `${site.baseUrl}/never.html`], env)).code).toBe(1);
    expect((await run(['jobs', 'find'], env)).code).toBe(2);

    const before = site.hits.length;
    const retried = await run(['jobs', 'retry', failed[0]!.id], env);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain('Retrying fetch job');
    for (let i = 0; i < 100 && site.hits.length === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(site.hits.length).toBeGreaterThan(before);
    expect((await run(['jobs', 'retry', 'fetch-nope'], env)).code).toBe(1);
    expect((await run(['jobs', 'retry', 'mystery'], env)).code).toBe(2);
    expect((await run(['jobs', 'retry', '--queue', 'fetch', '--json'], env)).code).toBe(0);
  });

  it('pauses, drains (only with --yes) and resumes queues', async () => {
    expect((await run(['queues', 'pause', 'fetch'], env)).out).toMatch(/fetch\s+paused/);
    await run(['enqueue', 'https://example.org/q1', 'https://example.org/q2'], env);
    expect((await run(['queues', 'drain', 'fetch'], env)).code).toBe(2);
    const drained = await run(['queues', 'drain', 'fetch', '--yes'], env);
    expect(drained.out).toContain('fetch: removed 2 job(s)');
    const resumed = await run(['queues', 'resume', '--all', '--json'], env);
    expect(resumed.json().every((q: { paused: boolean }) => !q.paused)).toBe(true);
    const list = await run(['queues', '--json'], env);
    expect(list.json().queues.find((q: { name: string }) => q.name === 'fetch').counts.waiting).toBe(0);
    expect((await run(['queues', 'pause', 'nope'], env)).code).toBe(2);
  });
});
