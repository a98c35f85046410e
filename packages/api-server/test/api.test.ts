import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';

describe('operator API', () => {
  const config = testConfig();
  let proc: PipelineProcess;
  const auth = { authorization: `Bearer ${config.apiKey}` };

  beforeAll(async () => {
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'api-test' });
  });
  afterAll(async () => {
    await proc?.close();
    await cleanupTest(config);
  });

  it('refuses requests without the API key or with a wrong one', async () => {
    const api = proc.api!;
    expect((await api.inject({ method: 'GET', url: '/api/v1/status' })).statusCode).toBe(401);
    expect((await api.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await api.inject({ method: 'POST', url: '/api/v1/enqueue', payload: { urls: ['https://example.org/'] } })).statusCode).toBe(401);
    const board = await api.inject({ method: 'GET', url: '/admin/queues' });
    expect(board.statusCode).toBe(401);
    expect(board.headers['www-authenticate']).toContain('Basic');
  });

  it('serves the dashboard to a browser with Basic credentials', async () => {
    const basic = `Basic ${Buffer.from(`operator:${config.apiKey}`).toString('base64')}`;
    const res = await proc.api!.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html');
    const queues = await proc.api!.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: basic } });
    expect(queues.statusCode).toBe(200);
    expect(queues.body).toContain('fetch');
  });

  it('enqueues valid URLs, rejects a batch with an invalid one, and reports status', async () => {
    const api = proc.api!;
    const bad = await api.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: ['https://example.org/a', 'not a url'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('INVALID_URL');
    let status = (await api.inject({ method: 'GET', url: '/api/v1/status', headers: auth })).json();
    expect(status.queues.fetch.waiting).toBe(0);

    const ok = await api.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: ['https://example.org/a?utm_source=x', 'https://EXAMPLE.org:443/a#frag'] } });
    expect(ok.statusCode).toBe(202);
    expect(ok.json().enqueued).toHaveLength(1);
    expect(ok.json().enqueued[0].url).toBe('https://example.org/a');
    status = (await api.inject({ method: 'GET', url: '/api/v1/status', headers: auth })).json();
    expect(status.queues.fetch.waiting).toBe(1);
    expect(status.idle).toBe(false);
  });

  it('validates the request body', async () => {
    const res = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_request');
  });

  it('exposes Prometheus metrics with queue depth per state', async () => {
    const res = await proc.api!.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/ingest_queue_jobs\{[^}]*queue="fetch"[^}]*state="waiting"[^}]*\} 1/);
    expect(res.body).toContain('ingest_jobs_total');
  });

  it('serves the search page with a search-only key, never the master key', async () => {
    const page = await proc.api!.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<input id="q"');
    const cfg = (await proc.api!.inject({ method: 'GET', url: '/ui-config.json' })).json();
    expect(cfg.searchKey).toBeTruthy();
    expect(cfg.searchKey).not.toBe(config.meiliMasterKey);
    // The browser's key can search but cannot write documents or read settings.
    const base = `${cfg.meiliUrl}/indexes/${cfg.indexUid}`;
    const headers = { authorization: `Bearer ${cfg.searchKey}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/search`, { method: 'POST', headers, body: '{"q":""}' })).status).toBe(200);
    expect((await fetch(`${base}/documents`, { method: 'POST', headers, body: '[{"id":"x"}]' })).status).toBe(403);
    expect((await fetch(`${base}/settings`, { headers })).status).toBe(403);
  });

  it('answers health and readiness', async () => {
    expect((await proc.api!.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await proc.api!.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ redis: true, meilisearch: true, s3: true });
  });
});
