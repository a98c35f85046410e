import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type WebhookEvent } from '@ingest/contracts';
import { main } from '@ingest/cli';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  event: WebhookEvent;
  /** Checked here as a receiver would, with node:crypto only: HMAC over "<t>.<raw body>", constant-time, fresh. */
  verified: boolean;
}

/** A webhook receiver that checks every signature itself and answers 500 to the first request on /flaky. */
async function startReceiver(secrets: Map<string, string>) {
  const received: Received[] = [];
  let flakyAnswered = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const header = String(req.headers['ingest-signature'] ?? '');
      const t = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
      const v1 = /(?:^|,)v1=([a-f0-9]+)/.exec(header)?.[1] ?? '';
      const secret = secrets.get(path) ?? '';
      const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
      const given = Buffer.from(v1, 'hex');
      const verified = secret !== '' && given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - t) < 300;
      received.push({ path, headers: req.headers, body, event: JSON.parse(body) as WebhookEvent, verified });
      if (path === '/flaky' && flakyAnswered++ === 0) return res.writeHead(500).end('not yet');
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const paragraphs = (topic: string, version: number) => [
  `The city council approved the ${topic} plan on Thursday after a long debate, with version ${version} of the proposal winning a clear majority of the votes.`,
  `Residents will be able to comment on the ${topic} plan at the library until the end of the month, and the first works are expected to start next spring.`,
];

describe('webhooks', () => {
  const config = testConfig({ webhookAllowNetworks: '127.0.0.0/8', webhookBackoffMs: 300, webhookAttempts: 4, webhookRunCheckMs: 200 });
  const secrets = new Map<string, string>();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let site: FixtureServer;
  let proc: PipelineProcess;
  let visits = 0;
  let version = 1;
  let bGone = false;
  const ids: Record<string, string> = {};

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${proc.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${config.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };
  const rawOf = (path: string, type?: string) => receiver.received.filter((r) => r.path === path && (!type || r.event.type === type));
  // As a receiver does: one entry per event id (delivery is at least once).
  const of = (path: string, type?: string) => rawOf(path, type).filter((r, i, all) => all.findIndex((o) => o.event.id === r.event.id) === i);

  beforeAll(async () => {
    receiver = await startReceiver(secrets);
    site = await startFixtureServer({
      // Changes on every visit, so each run extracts it again and finds its links.
      '/': (_q, r) => html(r, `<!doctype html><html><body><p>Visit ${++visits}</p><a href="/a.html">A</a> <a href="/b.html">B</a></body></html>`),
      '/a.html': (_q, r) => html(r, articlePage(`Library extension, version ${version}`, paragraphs('library extension', version))),
      '/b.html': (_q, r) => (bGone ? r.writeHead(404).end() : html(r, articlePage('New cycle lanes on the ring road', paragraphs('cycle lane', 1)))),
      '/manual.html': (_q, r) => html(r, articlePage('Market hall reopens', paragraphs('market hall', 1))),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'webhooks-test' });
    const source = await api('POST', '/api/v1/sources', { id: 'town', kind: 'crawl', urls: [`${site.baseUrl}/`], crawl: { maxPages: 10, maxDepth: 1 } });
    expect(source.status).toBe(201);
    for (const [name, body] of [
      ['global', { url: `${receiver.url}/global` }],
      ['town', { url: `${receiver.url}/town`, sourceId: 'town', events: ['document.indexed', 'document.updated', 'document.removed', 'crawl.completed'] }],
      ['flaky', { url: `${receiver.url}/flaky`, events: ['crawl.completed'] }],
    ] as const) {
      const created = await api('POST', '/api/v1/webhooks', body);
      expect(created.status, name).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[a-f0-9]{48}$/);
      secrets.set(`/${name}`, String(created.body.secret));
      ids[name] = String(created.body.id);
    }
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await receiver?.close();
    await cleanupTest(config);
  });

  it('refuses webhook URLs the network guard blocks, bad schemes and unknown events or sources', async () => {
    for (const body of [
      { url: 'http://10.1.2.3/hook' },
      { url: 'http://169.254.169.254/latest/meta-data' },
      { url: 'http://[::ffff:192.168.0.1]/hook' },
      { url: 'ftp://example.org/hook' },
      { url: `${receiver.url}/x`, events: ['document.exploded'] },
      { url: `${receiver.url}/x`, sourceId: 'nope' },
    ]) {
      const res = await api('POST', '/api/v1/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body), JSON.stringify(body)).toMatch(/INVALID_WEBHOOK|invalid_request/);
    }
    const listed = await api('GET', '/api/v1/webhooks');
    expect((listed.body.webhooks as { id: string }[]).map((w) => w.id).sort()).toEqual(Object.values(ids).sort());
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    const unauthorised = await fetch(`${proc.apiUrl}/api/v1/webhooks`);
    expect(unauthorised.status).toBe(401);
  });

  it('signs and delivers document and crawl events, per source and globally, retrying a failing receiver', async () => {
    expect((await api('POST', '/api/v1/sources/town/run')).status).toBe(202);
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/manual.html`] });

    await until(() => (of('/town', 'crawl.completed').length === 1 ? true : undefined), 'crawl.completed on /town');
    await until(() => (of('/global', 'document.indexed').length === 3 ? true : undefined), 'three document.indexed events on /global');
    await until(() => (rawOf('/flaky', 'crawl.completed').length >= 2 ? true : undefined), 'the retried crawl.completed on /flaky');

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const indexedUrls = (path: string) =>
      of(path, 'document.indexed')
        .map((r) => String(r.event.data.url))
        .sort();
    expect(indexedUrls('/global')).toEqual([`${site.baseUrl}/a.html`, `${site.baseUrl}/b.html`, `${site.baseUrl}/manual.html`]);
    // The per-source webhook never sees the page enqueued by hand.
    expect(indexedUrls('/town')).toEqual([`${site.baseUrl}/a.html`, `${site.baseUrl}/b.html`]);
    expect(of('/town', 'document.indexed').every((r) => r.event.sourceId === 'town')).toBe(true);
    expect(of('/global', 'document.indexed').find((r) => String(r.event.data.url).endsWith('/manual.html'))!.event.sourceId).toBeNull();

    const first = of('/town', 'document.indexed')[0]!;
    expect(first.headers['ingest-event']).toBe('document.indexed');
    expect(first.headers['ingest-event-id']).toBe(first.event.id);
    expect(first.headers['ingest-signature']).toMatch(/^t=\d{10},v1=[a-f0-9]{64}$/);
    expect(first.headers['content-type']).toBe('application/json');

    // What the receiver saw, for the record: headers, body and its own signature check.
    const shown = of('/town', 'crawl.completed')[0]!;
    console.log(
      'webhook delivery as received:',
      JSON.stringify(
        { headers: Object.fromEntries(Object.entries(shown.headers).filter(([k]) => k.startsWith('ingest-') || k === 'content-type')), body: shown.event, signatureVerified: shown.verified },
        null,
        2,
      ),
    );
    const completed = of('/town', 'crawl.completed')[0]!.event;
    expect(completed).toMatchObject({ type: 'crawl.completed', sourceId: 'town', data: { sourceId: 'town', kind: 'crawl', found: 3, fetched: 3, failed: 0 } });
    // Both attempts on /flaky carry the same event (receivers deduplicate on its id).
    expect(new Set(rawOf('/flaky').map((r) => r.event.id)).size).toBe(1);
    expect(rawOf('/flaky')[0]!.event.id).toBe(completed.id);

    const log = await api('GET', `/api/v1/webhooks/deliveries?webhook=${ids.flaky}`);
    const attempts = (log.body.deliveries as { attempt: number; outcome: string; status: number; code: string | null }[]).reverse();
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status, a.code])).toEqual([
      [1, 'retrying', 500, 'WEBHOOK_DELIVERY_FAILED'],
      [2, 'delivered', 204, null],
    ]);
  });

  it('announces updated and removed documents on the next run, each event once', async () => {
    version = 2;
    bGone = true;
    const before = receiver.received.length;
    expect((await api('POST', '/api/v1/sources/town/run')).status).toBe(202);
    await until(() => (of('/town', 'crawl.completed').length === 2 ? true : undefined), 'the second crawl.completed');
    await until(() => (of('/town', 'document.removed').length === 1 && of('/town', 'document.updated').length === 1 ? true : undefined), 'updated and removed');
    const updated = of('/town', 'document.updated')[0]!.event;
    expect(updated.data).toMatchObject({ url: `${site.baseUrl}/a.html`, title: 'Library extension, version 2' });
    // The update is a new version (its title and text changed), with the diff summary.
    expect(updated.data).toMatchObject({ versionNumber: 2, changed: true, diff: { titleChanged: true, fieldsChanged: [] } });
    expect((updated.data.diff as { wordsAdded: number }).wordsAdded).toBeGreaterThan(0);
    expect(of('/town', 'document.removed')[0]!.event.data).toMatchObject({ reason: 'gone' });
    expect(of('/global', 'document.removed')).toHaveLength(1);
    expect(receiver.received.slice(before).every((r) => r.verified)).toBe(true);
    // Each thing that happened is one event (one id), however often a stage ran; delivery is at
    // least once, so a receiver may see an id twice, never two ids for one happening.
    const happenings = new Map<string, Set<string>>();
    for (const r of receiver.received) {
      const what = `${r.path} ${r.event.type} ${String(r.event.data.id ?? r.event.data.runId)}`;
      happenings.set(what, (happenings.get(what) ?? new Set()).add(r.event.id));
    }
    for (const [what, eventIds] of happenings) expect(eventIds.size, what).toBe(1);
  });

  it('is managed from the CLI: add, list, deliveries, remove', async () => {
    const env = { ...configToEnv(config), LOG_LEVEL: 'silent' };
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd: process.cwd() });
      return { code, out, err };
    };
    const added = await run('webhooks', 'add', `${receiver.url}/cli`, '--event', 'crawl.failed', '--json');
    expect(added.code, added.err).toBe(0);
    const created = JSON.parse(added.out) as { id: string; secret: string; events: string[] };
    expect(created.events).toEqual(['crawl.failed']);
    expect((await run('webhooks', 'add', 'http://192.168.1.10/hook')).code).toBe(2);
    const listed = await run('webhooks', 'list');
    expect(listed.out).toContain(created.id);
    expect(listed.out).not.toContain('whsec_');
    const deliveries = await run('webhooks', 'deliveries', '--webhook', ids.flaky!, '--json');
    // Two attempts of the first run's crawl.completed, and the second run's (maybe still on its way).
    expect((JSON.parse(deliveries.out) as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect((await run('webhooks', 'deliveries')).out).toMatch(/delivered\s+204/);
    expect((await run('webhooks', 'remove', created.id)).code).toBe(0);
    expect((await run('webhooks', 'remove', created.id)).code).toBe(1);
  });
});
