import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';

/** The session cookie of a console login with `key`, as a Cookie header value. */
async function login(proc: PipelineProcess, key: string): Promise<string> {
  const res = await proc.api!.inject({ method: 'POST', url: '/console/login', payload: { key } });
  expect(res.statusCode, res.body).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

describe('console sessions live only as long as the key they logged in with', () => {
  const config = testConfig({ jobAttempts: 1 });
  let proc: PipelineProcess;
  let rotated: PipelineProcess;
  const admin = { authorization: `Bearer ${config.apiKey}` };
  const sources = (p: PipelineProcess, cookie: string) => p.api!.inject({ method: 'GET', url: '/api/v1/sources', headers: { cookie } });

  beforeAll(async () => {
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'console-session-test' });
  });
  afterAll(async () => {
    await rotated?.close();
    await proc?.close();
    await cleanupTest(config);
  });

  it('ends at the next request once its key is revoked', async () => {
    const key = (await proc.api!.inject({ method: 'POST', url: '/api/v1/keys', headers: admin, payload: { name: 'ops', scopes: ['read'] } })).json<{ id: string; key: string }>();
    const cookie = await login(proc, key.key);
    const other = await login(proc, config.apiKey!);
    expect((await sources(proc, cookie)).statusCode).toBe(200);
    expect((await proc.api!.inject({ method: 'DELETE', url: `/api/v1/keys/${key.id}`, headers: admin })).statusCode).toBe(204);
    const refused = await sources(proc, cookie);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'unauthorized' });
    expect((await proc.api!.inject({ method: 'GET', url: '/console/session', headers: { cookie } })).statusCode).toBe(401);
    // Other logins are untouched.
    expect((await sources(proc, other)).statusCode).toBe(200);
  });

  it('ends a bootstrap-key session when API_KEY changes', async () => {
    const cookie = await login(proc, config.apiKey!);
    rotated = await startPipelineProcess({ ...config, apiKey: `${config.apiKey}-rotated` }, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'console-session-rotated' });
    expect((await sources(rotated, cookie)).statusCode).toBe(401);
  });
});
