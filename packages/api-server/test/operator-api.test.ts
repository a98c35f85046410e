import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { operatorRoutes } from '@ingest/api-server';
import { ApiKeyStore } from '@ingest/ops';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

/** A concrete URL for a route path: path parameters get values that pass validation. */
function concrete(path: string): string {
  return path.replace('{queue}', 'fetch').replace('{id}', 'nothing-here');
}

describe('operator API: keys, scopes, OpenAPI and operations', () => {
  const config = testConfig({ jobAttempts: 1, apiAuthFailureLimit: 10_000 }); // it sends many unknown keys on purpose;
  let proc: PipelineProcess;
  let site: FixtureServer;
  const inject = (opts: InjectOptions): Promise<LightMyRequestResponse> => proc.api!.inject(opts);
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const admin = bearer(config.apiKey!);
  const keys: Record<'read' | 'write' | 'admin', string> = { read: '', write: '', admin: '' };

  const allRoutes = () => {
    const c = proc.conns;
    return operatorRoutes({ redis: c.redis, queues: c.queues, stats: c.stats, archive: c.archive, searchIndex: c.searchIndex, keys: new ApiKeyStore(c.redis, c.queues.prefix), aofWaitMs: 1_500 });
  };

  beforeAll(async () => {
    site = await startFixtureServer({});
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch'], api: true, service: 'operator-test' });
    for (const scope of ['read', 'write', 'admin'] as const) {
      const res = await inject({ method: 'POST', url: '/api/v1/keys', headers: admin, payload: { name: `${scope} key`, scopes: [scope] } });
      expect(res.statusCode).toBe(201);
      keys[scope] = res.json().key;
    }
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('answers every route with 401 without a key or with an unknown key, 403 when the scope is too low', async () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const rank = { read: 0, write: 1, admin: 2 } as const;
    for (const r of routes) {
      const url = concrete(r.path);
      const name = `${r.method} ${r.path}`;
      expect((await inject({ method: r.method, url })).statusCode, `${name} without key`).toBe(401);
      expect((await inject({ method: r.method, url, headers: bearer('ik_000000000000_wrong') })).statusCode, `${name} unknown key`).toBe(401);
      for (const held of ['read', 'write'] as const) {
        const res = await inject({ method: r.method, url, headers: bearer(keys[held]) });
        if (rank[held] < rank[r.scope]) {
          expect(res.statusCode, `${name} with ${held} key`).toBe(403);
          expect(res.json().detail).toContain(`"${r.scope}" scope`);
        } else {
          expect([401, 403], `${name} with ${held} key`).not.toContain(res.statusCode);
        }
      }
    }
  });

  it('runs nothing when it refuses a request', async () => {
    expect((await inject({ method: 'POST', url: '/api/v1/queues/extract/pause', headers: bearer(keys.write) })).statusCode).toBe(403);
    expect(await proc.conns.queues.queues.extract.isPaused()).toBe(false);
    const before = (await inject({ method: 'GET', url: '/api/v1/keys', headers: admin })).json().keys.length;
    expect((await inject({ method: 'POST', url: '/api/v1/keys', headers: bearer(keys.read), payload: { name: 'sneaky', scopes: ['admin'] } })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/api/v1/keys', headers: admin })).json().keys.length).toBe(before);
  });

  it('accepts the key as Bearer, x-api-key and Basic password; the dashboard needs admin', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/stats', headers: { 'x-api-key': keys.read } })).statusCode).toBe(200);
    const basic = (k: string) => ({ authorization: `Basic ${Buffer.from(`me:${k}`).toString('base64')}` });
    expect((await inject({ method: 'GET', url: '/api/v1/stats', headers: basic(keys.read) })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/admin/queues', headers: basic(keys.read) })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/admin/queues', headers: basic(keys.admin) })).statusCode).toBe(200);
    const queues = await inject({ method: 'GET', url: '/admin/queues/api/queues', headers: basic(keys.admin) });
    for (const q of ['discover', 'fetch', 'render', 'extract', 'index']) expect(queues.body).toContain(`"${q}"`);
  });

  it('stores keys hashed, lists them without the key, and revokes them at once', async () => {
    const redis = new Redis(config.redisUrl);
    try {
      const dump = JSON.stringify([await redis.hgetall(`${config.queuePrefix}:api-keys`), await redis.hgetall(`${config.queuePrefix}:api-key-ids`)]);
      for (const k of Object.values(keys)) expect(dump).not.toContain(k);
    } finally {
      redis.disconnect();
    }
    const list = (await inject({ method: 'GET', url: '/api/v1/keys', headers: admin })).json().keys as { id: string; name: string; scopes: string[] }[];
    expect(list.map((k) => k.scopes[0])).toEqual(['read', 'write', 'admin']);
    expect(JSON.stringify(list)).not.toContain(keys.read);

    const temp = (await inject({ method: 'POST', url: '/api/v1/keys', headers: { authorization: `Bearer ${keys.admin}` }, payload: { name: 'temp', scopes: ['read'] } })).json();
    expect((await inject({ method: 'GET', url: '/api/v1/stats', headers: bearer(temp.key) })).statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: `/api/v1/keys/${temp.id}`, headers: admin })).statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/stats', headers: bearer(temp.key) })).statusCode).toBe(401);
    const again = await inject({ method: 'DELETE', url: `/api/v1/keys/${temp.id}`, headers: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toContain('ingest keys list');
  });

  it('validates requests with errors that name the field', async () => {
    const badScope = await inject({ method: 'POST', url: '/api/v1/keys', headers: admin, payload: { name: 'x', scopes: ['root'] } });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().code).toBe('invalid_request');
    expect(badScope.json().issues[0]).toMatch(/^body\.scopes\.0: /);
    const badQueue = await inject({ method: 'POST', url: '/api/v1/queues/nope/pause', headers: admin });
    expect(badQueue.statusCode).toBe(400);
    expect(badQueue.json().issues[0]).toMatch(/^path\.queue: /);
    const badLimit = await inject({ method: 'GET', url: '/api/v1/jobs/failed?limit=0', headers: admin });
    expect(badLimit.json().issues[0]).toMatch(/^query\.limit: /);
  });

  it('serves an OpenAPI 3.1 document listing every operator route with its scope', async () => {
    const res = await inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of allRoutes()) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op['x-required-scope']).toBe(r.scope);
      expect(op.responses['401']).toBeDefined();
    }
    expect(doc.paths['/api/v1/enqueue'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EnqueueRequest' });
    expect(doc.components.schemas.EnqueueRequest.required).toEqual(['urls']);
    // A failed job's code is a field, one of the registry's, not the head of a reason string.
    expect(doc.components.schemas.JobView.required).toEqual(expect.arrayContaining(['code', 'retryable', 'failedReason']));
    expect(JSON.stringify(doc.components.schemas.JobView.properties.code)).toContain('STALLED');
    expect(doc.paths['/api/v1/jobs/{queue}/{id}/retry'].post.parameters.map((p: { name: string }) => p.name)).toEqual(['queue', 'id']);
  });

  it('finds a failed URL across stages, lists it with its reason and retries it', async () => {
    const url = `${site.baseUrl}/missing.html`;
    expect((await inject({ method: 'POST', url: '/api/v1/enqueue', headers: bearer(keys.write), payload: { urls: [url] } })).statusCode).toBe(202);
    let failed: { url: string; code: string; retryable: boolean; failedReason: string; id: string; queue: string }[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      failed = (await inject({ method: 'GET', url: '/api/v1/jobs/failed', headers: bearer(keys.read) })).json().jobs;
    }
    expect(failed).toHaveLength(1);
    expect(failed[0]!.url).toBe(url);
    expect(failed[0]).toMatchObject({ code: 'HTTP_GONE', retryable: false });
    expect(failed[0]!.failedReason).toContain('404');

    const found = await inject({ method: 'GET', url: `/api/v1/jobs?url=${encodeURIComponent(url)}`, headers: bearer(keys.read) });
    expect(found.statusCode).toBe(200);
    expect(found.json().jobs[0]).toMatchObject({ queue: 'fetch', state: 'failed', url });
    // The 404 also queued the removal of the URL's document: the lookup follows it into the index stage.
    expect(found.json().jobs.map((j: { queue: string }) => j.queue)).toEqual(['fetch', 'index']);
    const none = await inject({ method: 'GET', url: `/api/v1/jobs?url=${encodeURIComponent(`${site.baseUrl}/never.html`)}`, headers: bearer(keys.read) });
    expect(none.statusCode).toBe(404);

    const hitsBefore = site.hits.filter((h) => h === '/missing.html').length;
    const retry = await inject({ method: 'POST', url: `/api/v1/jobs/fetch/${failed[0]!.id}/retry`, headers: bearer(keys.write) });
    expect(retry.statusCode).toBe(200);
    for (let i = 0; i < 100 && site.hits.filter((h) => h === '/missing.html').length === hitsBefore; i++) await new Promise((r) => setTimeout(r, 100));
    expect(site.hits.filter((h) => h === '/missing.html').length).toBe(hitsBefore + 1);
    const notFailed = await inject({ method: 'POST', url: '/api/v1/jobs/fetch/no-such-job/retry', headers: bearer(keys.write) });
    expect(notFailed.statusCode).toBe(404);
  });

  it('pauses, drains and resumes a queue', async () => {
    const paused = await inject({ method: 'POST', url: '/api/v1/queues/fetch/pause', headers: bearer(keys.admin) });
    expect(paused.json()).toMatchObject({ name: 'fetch', paused: true });
    await inject({ method: 'POST', url: '/api/v1/enqueue', headers: admin, payload: { urls: ['https://example.org/p1', 'https://example.org/p2'] } });
    const drained = await inject({ method: 'POST', url: '/api/v1/queues/fetch/drain', headers: admin });
    expect(drained.json().removed).toBe(2);
    const resumed = await inject({ method: 'POST', url: '/api/v1/queues/fetch/resume', headers: admin });
    expect(resumed.json()).toMatchObject({ name: 'fetch', paused: false, counts: { waiting: 0 } });
    const list = (await inject({ method: 'GET', url: '/api/v1/queues', headers: bearer(keys.read) })).json().queues;
    expect(list.map((q: { name: string }) => q.name)).toEqual(['discover', 'fetch', 'render', 'extract', 'index']);
  });

  it('says what is missing for documents and sources', async () => {
    const doc = await inject({ method: 'GET', url: '/api/v1/documents/abc', headers: bearer(keys.read) });
    expect(doc.statusCode).toBe(404);
    const src = await inject({ method: 'GET', url: '/api/v1/sources/nope', headers: bearer(keys.read) });
    expect(src.statusCode).toBe(404);
    expect(src.json().code).toBe('SOURCE_NOT_FOUND');
    const created = await inject({ method: 'POST', url: '/api/v1/sources', headers: bearer(keys.write), payload: { id: 'news', kind: 'url', urls: ['https://example.org/a'] } });
    expect(created.statusCode).toBe(201);
    expect((await inject({ method: 'GET', url: '/api/v1/sources', headers: bearer(keys.read) })).json().sources).toHaveLength(1);
    expect((await inject({ method: 'POST', url: '/api/v1/sources/news/pause', headers: bearer(keys.write) })).json().paused).toBe(true);
    expect((await inject({ method: 'DELETE', url: '/api/v1/sources/news', headers: bearer(keys.write) })).statusCode).toBe(204);
  });
});
