import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

const DEMO_SEED = fileURLToPath(new URL('../../demo-site/site/news/central-asia-treading-carefully.html', import.meta.url));

/**
 * The CLI in remote mode: Redis, Meilisearch and S3 point at closed ports in its environment, so
 * any command that reached for them directly instead of through the API would fail.
 */
describe('ingest CLI in remote mode (through the HTTP API only)', () => {
  const config = testConfig({ jobAttempts: 1, webhookAllowNetworks: '127.0.0.0/8' });
  let proc: PipelineProcess;
  let site: FixtureServer;
  let env: Record<string, string>;
  const cwd = mkdtempSync(join(tmpdir(), 'ingest-remote-cli-'));
  const unreachable = { REDIS_URL: 'redis://127.0.0.1:9', MEILI_URL: 'http://127.0.0.1:9', MEILI_MASTER_KEY: 'nope', S3_ENDPOINT: 'http://127.0.0.1:9', INGEST_DATA_DIR: join(cwd, '.data') };

  async function run(argv: string[], extra: Record<string, string> = {}) {
    let out = '';
    let err = '';
    const cli: CliIO = {
      stdout: { write: (s: string | Uint8Array) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
      stderr: { write: (s: string) => (err += s) },
      env: { ...env, ...extra },
      cwd,
    };
    const code = await main(argv, cli);
    return { code, out, err, json: () => JSON.parse(out) };
  }

  beforeAll(async () => {
    site = await startFixtureServer({
      '/feed.xml': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Valley</title><link>/</link><item><title>Night trains</title><link>/a.html</link></item></channel></rss>`),
      '/b.html': (_q, r) =>
        html(
          r,
          articlePage('Valley line timetable published', [
            'The timetable for the valley line was published on Monday and shows the first sleeper leaving at ten past eleven in the evening.',
            'Connections at the junction are kept for the last regional train, the operator said, so that passengers from the coast can change.',
          ]),
        ),
      '/a.html': (_q, r) =>
        html(
          r,
          articlePage('Night trains return to the valley line', [
            'The regional operator will run a sleeper service twice a week from May, the first on the line since 1994.',
            'Tickets go on sale next month and include bicycle spaces, which cyclists had long asked for on the route.',
          ]),
        ),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'remote-cli-test' });
    env = { ...unreachable, INGEST_API_URL: proc.apiUrl!, INGEST_API_KEY: config.apiKey! };
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('enqueues, waits, reports status, searches, exports and prints the raw page', async () => {
    const e = await run(['enqueue', `${site.baseUrl}/a.html`]);
    expect(e.code, e.err).toBe(0);
    expect(e.out).toContain('1 enqueued');
    const bad = await run(['enqueue', 'ftp://example.org/x']);
    expect(bad.code).toBe(2);

    const w = await run(['wait', '--timeout', '60']);
    expect(w.code, w.err).toBe(0);
    expect(w.out).toMatch(/done: fetched 1, indexed 1, skipped 0, failed 0/);

    const s = await run(['status']);
    expect(s.code, s.err).toBe(0);
    expect(s.out).toMatch(/indexed 1/);
    expect((await run(['status', '--json'])).json().queues.fetch.completed).toBe(1);

    const found = await run(['search', 'sleeper', 'service', '--json']);
    expect(found.code, found.err).toBe(0);
    const hit = found.json().hits[0];
    expect(hit.title).toBe('Night trains return to the valley line');
    expect((await run(['search', 'sleeper'])).out).toContain('Night trains return');

    const x = await run(['export', '--jsonl']);
    expect(x.code, x.err).toBe(0);
    expect(
      x.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).title),
    ).toEqual(['Night trains return to the valley line']);

    const raw = await run(['raw', `${site.baseUrl}/a.html`]);
    expect(raw.code, raw.err).toBe(0);
    expect(raw.out).toContain('<h1>Night trains return to the valley line</h1>');
    const headers = await run(['raw', '--headers', hit.id]);
    expect(headers.out).toMatch(/^HTTP 200 {2}http:\/\/127\.0\.0\.1:\d+\/a\.html/);
    expect((await run(['raw', `${site.baseUrl}/never.html`])).code).toBe(1);

    const audit = await run(['audit']);
    expect(audit.code, audit.err).toBe(0);
    expect(audit.out).toMatch(/accepted 1 {2}indexed 1/);
    expect((await run(['audit', '--repair'])).code).toBe(0);
  });

  it('lists, finds and retries failed jobs; retry names the reason it retries', async () => {
    const url = `${site.baseUrl}/missing.html`;
    expect((await run(['enqueue', url])).code).toBe(0);
    await run(['wait', '--timeout', '60']);
    const failed = await run(['jobs', 'failed', '--queue', 'fetch']);
    expect(failed.out).toContain('HTTP_GONE');
    expect((await run(['jobs', 'find', url])).out).toMatch(/fetch\s+failed/);
    expect((await run(['jobs', 'find', `${site.baseUrl}/never.html`])).code).toBe(1);

    const retried = await run(['retry', url]);
    expect(retried.code, retried.err).toBe(0);
    expect(retried.out).toMatch(/retrying {2}.*missing\.html {2}\(was: HTTP_GONE/);
    await run(['wait', '--timeout', '60']);
    const id = (await run(['jobs', 'failed', '--json'])).json().jobs[0].id as string;
    expect((await run(['jobs', 'retry', id])).out).toContain('Retrying fetch job');
    await run(['wait', '--timeout', '60']);
    expect((await run(['jobs', 'retry', '--queue', 'fetch', '--json'])).json().retried.fetch).toBe(1);
    expect((await run(['jobs', 'retry', 'fetch-nope'])).code).toBe(1);
    await run(['wait', '--timeout', '60']);
  });

  it('controls queues and says so when a paused queue holds work', async () => {
    expect((await run(['queues', 'pause', 'fetch'])).out).toMatch(/fetch\s+paused/);
    await run(['enqueue', 'https://example.org/q1']);
    const w = await run(['wait', '--timeout', '1']);
    expect(w.code).toBe(3);
    expect(w.err).toContain('fetch is paused with jobs waiting; resume with: ingest queues resume fetch');
    expect((await run(['status'])).out).toMatch(/fetch\s.*PAUSED/);
    expect((await run(['queues', 'drain', 'fetch', '--yes'])).out).toContain('fetch: removed 1 job(s)');
    expect((await run(['queues', 'resume', '--all', '--json'])).json().every((q: { paused: boolean }) => !q.paused)).toBe(true);
    expect((await run(['queues', '--json'])).json().queues).toHaveLength(STAGES.length);
  });

  it('manages sources and API keys, with the scopes of the key it holds', async () => {
    const add = await run(['sources', 'add', 'remote-src', '--kind', 'url', '--no-run', `${site.baseUrl}/a.html`]);
    expect(add.code, add.err).toBe(0);
    expect((await run(['sources', 'list'])).out).toContain('remote-src');
    expect((await run(['sources', 'pause', 'remote-src'])).out).toContain('paused');
    expect((await run(['sources', 'resume', 'remote-src'])).out).toContain('resumed');
    expect((await run(['sources', 'run', 'remote-src'])).out).toContain('run of remote-src enqueued');
    await run(['wait', '--timeout', '60']);
    expect((await run(['sources', 'show', 'remote-src', '--json'])).json().state.runs).toBeGreaterThanOrEqual(1);
    const docs = await run(['sources', 'documents', 'remote-src', '--json']);
    expect(docs.code, docs.err).toBe(0);
    expect(docs.json()).toMatchObject({
      sourceId: 'remote-src',
      total: 1,
      documents: [{ url: `${site.baseUrl}/a.html`, outcome: expect.any(String), indexed: true, title: 'Night trains return to the valley line' }],
    });
    const local = { ...configToEnv(config), INGEST_API_URL: '', INGEST_API_KEY: '' };
    expect((await run(['sources', 'documents', 'remote-src', '--json'], local)).json()).toEqual(docs.json());
    expect((await run(['sources', 'show', 'remote-src'])).out).toContain(`(run ${docs.json().runId})`);
    const human = await run(['sources', 'documents', 'remote-src', '--run', docs.json().runId]);
    expect(human.out).toMatch(/^run \S+ of remote-src: 1 pages \(1-1\)\n {2}\S+ +http:\/\/127\.0\.0\.1:\d+\/a\.html\n {6}\w+ {2}Night trains return/);
    expect((await run(['sources', 'documents', 'remote-src', '--run', docs.json().runId], local)).out).toBe(human.out);
    const audit = await run(['audit', '--source', 'remote-src', '--json']);
    expect(audit.code, audit.err).toBe(0);
    expect(audit.json()).toMatchObject({ accepted: 1, indexed: 1, lost: 0, run: { sourceId: 'remote-src', runId: docs.json().runId } });
    const localAudit = await run(['audit', '--source', 'remote-src', '--json'], local);
    expect(localAudit.code, localAudit.err).toBe(0);
    expect(localAudit.json()).toMatchObject({ accepted: 1, indexed: 1, lost: 0, run: audit.json().run });
    expect((await run(['audit', '--source', 'remote-src', '--run', 'never'], local)).err).toContain('[not_found]');
    const noRun = await run(['sources', 'documents', 'remote-src', '--run', 'never']);
    expect(noRun.code).toBe(1);
    expect(noRun.err).toContain('[not_found]');
    expect((await run(['sources', 'documents', 'remote-src', '--run', 'never'], local)).err).toBe(noRun.err);
    expect((await run(['retry', '--source', 'remote-src'])).code).toBe(0);
    expect((await run(['sources', 'remove', 'remote-src'])).code).toBe(0);
    const gone = await run(['sources', 'show', 'remote-src']);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('SOURCE_NOT_FOUND');

    const created = await run(['keys', 'create', 'remote reader', '--scope', 'read', '--json']);
    expect(created.code, created.err).toBe(0);
    const reader = created.json() as { id: string; key: string };
    expect((await run(['keys', 'list'])).out).toContain('remote reader');
    const refused = await run(['enqueue', `${site.baseUrl}/a.html`], { INGEST_API_KEY: reader.key });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[forbidden]');
    expect(refused.err).toContain('"write" scope');
    expect((await run(['status'], { INGEST_API_KEY: reader.key })).code).toBe(0);
    expect((await run(['keys', 'revoke', reader.id])).code).toBe(0);
    expect((await run(['status'], { INGEST_API_KEY: reader.key })).err).toContain('[unauthorized]');
    expect((await run(['keys', 'revoke', reader.id])).code).toBe(1);
  });

  it('takes --api and --key as flags, runs local-only work offline and refuses what needs the stack itself', async () => {
    const flags = await run(['--api', proc.apiUrl!, 'status', '--key', config.apiKey!, '--json'], { INGEST_API_URL: '', INGEST_API_KEY: '' });
    expect(flags.code, flags.err).toBe(0);
    expect(flags.json().queues).toHaveProperty('fetch');
    expect((await run(['status'], { INGEST_API_KEY: '' })).code).toBe(2);
    const down = await run(['status'], { INGEST_API_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(1);
    expect(down.err).toContain('Cannot reach the API at http://127.0.0.1:9');

    expect((await run(['extract', '--url', 'https://demo.example/news/central-asia.html', DEMO_SEED])).code).toBe(0);
    expect((await run(['schema'])).json()).toHaveProperty('properties');
    const start = await run(['start']);
    expect(start.code).toBe(2);
    expect(start.err).toContain('cannot run through the API');
  });

  it('rebuilds the index through the API and follows it to the end', async () => {
    const r = await run(['reindex', '--json', '--chunk', '2']);
    expect(r.code, r.err).toBe(0);
    const report = r.json();
    expect(report).toMatchObject({ phase: 'done', indexed: 1 });
    expect((await run(['search', 'sleeper', '--json'])).json().hits[0].title).toBe('Night trains return to the valley line');
    const reader = (await run(['keys', 'create', 'no reindex', '--scope', 'write', '--json'])).json() as { key: string };
    const refused = await run(['reindex'], { INGEST_API_KEY: reader.key });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('"admin" scope');
  });

  it("reads a local stack's status through that stack's own API when it answers, else from Redis", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ingest-local-api-')), '.data');
    mkdirSync(join(dataDir, 'secrets'), { recursive: true });
    // The stack file points Redis at a closed port: only the API path can answer.
    const stack = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      apiUrl: proc.apiUrl,
      queuePrefix: config.queuePrefix,
      meiliIndex: config.meiliIndex,
      s3Bucket: config.s3Bucket,
      ...{ redisUrl: 'redis://127.0.0.1:9', meiliUrl: 'http://127.0.0.1:9', s3Endpoint: 'http://127.0.0.1:9' },
    };
    writeFileSync(join(dataDir, 'stack.json'), JSON.stringify(stack));
    writeFileSync(join(dataDir, 'secrets', 'api-key'), config.apiKey!);
    const status = async () => {
      let out = '';
      let err = '';
      const code = await main(['status', '--json'], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { INGEST_DATA_DIR: dataDir }, cwd });
      return { code, out, err };
    };
    const viaApi = await status();
    expect(viaApi.code, viaApi.err).toBe(0);
    expect(JSON.parse(viaApi.out).queues).toHaveProperty('fetch');
    writeFileSync(join(dataDir, 'secrets', 'api-key'), 'not-the-key');
    const viaRedis = await status();
    expect(viaRedis.code).toBe(1);
    expect(viaRedis.err).toContain('Cannot reach the stack');
  });

  it('gives the same answers as the local CLI', async () => {
    const local = { ...configToEnv(config), INGEST_API_URL: '', INGEST_API_KEY: '' };
    for (const argv of [
      ['queues', '--json'],
      ['keys', 'list', '--json'],
      ['sources', 'list', '--json'],
    ]) {
      const remote = await run(argv);
      const direct = await run(argv, local);
      expect(remote.code, remote.err).toBe(0);
      expect(direct.code, direct.err).toBe(0);
      expect(remote.json(), argv.join(' ')).toEqual(direct.json());
    }
  });
  it('runs versions, diff, sources schedule and discover, and webhooks through the API', async () => {
    const url = `${site.baseUrl}/a.html`;
    const versions = await run(['versions', url, '--json']);
    expect(versions.code, versions.err).toBe(0);
    expect(versions.json().versions[0]).toMatchObject({ n: 1, title: 'Night trains return to the valley line' });
    const diff = await run(['diff', url, '--json']);
    expect(diff.code, diff.err).toBe(0);
    expect(diff.json()).toMatchObject({ from: { n: 1 }, to: { n: 1 } });
    // A page that never changed has its only version in the index, not in S3: the diff still answers.
    const local = { ...configToEnv(config), INGEST_API_URL: '', INGEST_API_KEY: '' };
    expect((await run(['diff', url, '--json'], local)).json()).toEqual(diff.json());

    // The WACZ is built by the API next to S3 and saved here; --check verifies the saved file.
    const wacz = await run(['export', '--wacz', join(cwd, 'remote.wacz'), '--check']);
    expect(wacz.code, wacz.err).toBe(0);
    expect(wacz.out).toMatch(/^wrote .*remote\.wacz: [1-9]\d* captures, [1-9]\d* pages, \d+ WARC bytes, \d+ bytes in all\ncheck: .*: ok\n$/);
    const direct = await run(['export', '--wacz', join(cwd, 'local.wacz')], local);
    expect(direct.out.replace('local.wacz', 'remote.wacz').replace(/, \d+ bytes in all/, '')).toBe(wacz.out.split('\n')[0]!.replace(/, \d+ bytes in all/, '') + '\n');

    expect((await run(['sources', 'add', 'remote-wire', '--kind', 'feed', '--no-run', '--every', '1h', '--adaptive', '1h..7d', `${site.baseUrl}/feed.xml`])).code).toBe(0);
    const sched = await run(['sources', 'schedule', 'remote-wire']);
    expect(sched.code, sched.err).toBe(0);
    expect(sched.out).toContain('adaptive recrawl between 1h and 7d');
    const found = await run(['sources', 'discover', `${site.baseUrl}/feed.xml`, '--json']);
    expect(found.code, found.err).toBe(0);
    expect(found.json()).toHaveProperty('feeds');
    expect((await run(['sources', 'remove', 'remote-wire'])).code).toBe(0);

    const received: string[] = [];
    const receiver = await startFixtureServer({
      '/hook': (q, r) => {
        let body = '';
        q.on('data', (c: Buffer) => (body += c.toString()));
        q.on('end', () => {
          received.push(body);
          r.writeHead(204).end();
        });
      },
    });
    try {
      const added = await run(['webhooks', 'add', `${receiver.baseUrl}/hook`, '--event', 'document.indexed', '--json']);
      expect(added.code, added.err).toBe(0);
      const hook = added.json() as { id: string; secret: string };
      expect(hook.secret).toEqual(expect.any(String));
      expect((await run(['webhooks', 'list'])).out).toContain(hook.id);
      expect((await run(['webhooks', 'add', 'ftp://example.org/hook'])).code).toBe(2);
      expect((await run(['enqueue', `${site.baseUrl}/b.html`])).code).toBe(0);
      expect((await run(['wait', '--timeout', '60'])).code).toBe(0);
      let deliveries: { outcome: string; eventType: string }[] = [];
      for (const deadline = performance.now() + 30_000; performance.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        deliveries = (await run(['webhooks', 'deliveries', '--webhook', hook.id, '--json'])).json();
        if (deliveries.some((d) => d.outcome === 'delivered')) break;
      }
      expect(deliveries).toContainEqual(expect.objectContaining({ eventType: 'document.indexed', outcome: 'delivered' }));
      expect(received.some((b) => b.includes('Valley line timetable published'))).toBe(true);
      expect((await run(['webhooks', 'remove', hook.id])).code).toBe(0);
      expect((await run(['webhooks', 'remove', hook.id])).code).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});
