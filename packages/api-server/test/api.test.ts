import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';
import { fetchJobId, UrlStateStore } from '@ingest/pipeline';

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
    expect(bad.json().code).toBe('INVALID_URL');
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

  it('answers a typed error with the status its code calls for, not a blanket 400', async () => {
    // The URL's state names a capture that is not in S3: the caller asked for something missing.
    const url = 'https://example.org/archived-then-lost';
    await new UrlStateStore(proc.conns.redis, config.queuePrefix).update(url, { archiveKey: 'warc/example.org/2026-01-01/gone.warc.gz' });
    const res = await proc.api!.inject({ method: 'GET', url: `/api/v1/raw?target=${encodeURIComponent(url)}`, headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ARCHIVE_MISSING');
  });

  it('validates the request body', async () => {
    const res = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_request');
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

  it('accepts the Bearer scheme in any case (RFC 9110)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const res = await proc.api!.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: `${scheme} ${config.apiKey}` } });
      expect(res.statusCode, scheme).toBe(200);
    }
    const basic = `basic ${Buffer.from(`operator:${config.apiKey}`).toString('base64')}`;
    expect((await proc.api!.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic } })).statusCode).toBe(200);
  });

  it('reports every invalid URL of a batch, and enqueues none of them', async () => {
    const res = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: ['https://example.org/fine', 'not a url', 'ftp://example.org/x', 'also bad'] } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('INVALID_URL');
    expect(body.invalid.map((i: { url: string }) => i.url)).toEqual(['not a url', 'ftp://example.org/x', 'also bad']);
    expect(body.invalid[1].code).toBe('UNSUPPORTED_SCHEME');
    expect(await proc.conns.queues.queues.fetch.getJob(fetchJobId('https://example.org/fine'))).toBeUndefined();
  });

  it('sends security headers on every surface: API, metrics, search UI, dashboard, archive', async () => {
    const basic = `Basic ${Buffer.from(`operator:${config.apiKey}`).toString('base64')}`;
    const pages = [
      { url: '/api/v1/status', headers: auth },
      { url: '/api/v1/status', headers: {} },
      { url: '/metrics', headers: {} },
      { url: '/readyz', headers: {} },
      { url: '/', headers: {} },
      { url: '/app.js', headers: {} },
      { url: '/admin/queues', headers: { authorization: basic } },
      { url: '/admin/queues/api/queues', headers: { authorization: basic } },
      { url: '/archive/nope', headers: {} },
      { url: '/no-such-page', headers: {} },
    ];
    for (const page of pages) {
      const res = await proc.api!.inject({ method: 'GET', url: page.url, headers: page.headers });
      expect(res.headers['x-content-type-options'], page.url).toBe('nosniff');
      expect(res.headers['referrer-policy'], page.url).toBe('no-referrer');
      expect(res.headers['x-frame-options'], page.url).toBe('DENY');
      expect(String(res.headers['content-security-policy']), page.url).toContain("frame-ancestors 'none'");
    }
    const ui = await proc.api!.inject({ method: 'GET', url: '/' });
    const cfg = (await proc.api!.inject({ method: 'GET', url: '/ui-config.json' })).json();
    expect(ui.headers['content-security-policy']).toContain(`connect-src 'self' ${new URL(cfg.meiliUrl).origin}`);
    expect(ui.headers['content-security-policy']).toContain("script-src 'self';");
  });

  it('throttles wrong keys per client IP with 429 and Retry-After; right keys and other IPs are unaffected', async () => {
    const from = (remoteAddress: string, key: string) => proc.api!.inject({ method: 'GET', url: '/api/v1/status', remoteAddress, headers: { authorization: `Bearer ${key}` } });
    for (let i = 0; i < 10; i++) expect((await from('10.9.8.7', `wrong-${i}`)).statusCode).toBe(401);
    const throttled = await from('10.9.8.7', 'wrong-again');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await from('10.9.8.7', config.apiKey!)).statusCode).toBe(200);
    expect((await from('10.9.8.8', 'wrong')).statusCode).toBe(401);
    // Successes never count: many right keys from one IP stay 200.
    for (let i = 0; i < 20; i++) expect((await from('10.9.8.9', config.apiKey!)).statusCode).toBe(200);
  });
});
