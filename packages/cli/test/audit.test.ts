import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { lastAuditReport, startAuditSchedule } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { main, type CliIO } from '../src/index.ts';

function io(env: Record<string, string | undefined>) {
  let out = '';
  let err = '';
  const cli: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, cwd: mkdtempSync(join(tmpdir(), 'ingest-audit-')) };
  return { cli, out: () => out, err: () => err };
}

const story = (title: string, topic: string) =>
  articlePage(title, [
    `The ${topic} committee published its report on Monday after eighteen months of hearings in four towns along the coast.`,
    `It recommends that the ${topic} budget be split between maintenance and new works, with a review every three years by an independent panel.`,
  ]);

/** The jobs still in flight, for the failure message of a wait that timed out. */
async function unfinished(proc: PipelineProcess): Promise<string> {
  const lines: string[] = [];
  for (const stage of STAGES) {
    for (const job of await proc.conns.queues.queues[stage].getJobs(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'])) {
      lines.push(
        `${stage} ${job.id} ${await job.getState()} attempts ${job.attemptsStarted} delay-until ${job.delay ? new Date(job.timestamp + job.delay).toISOString() : '-'} ${JSON.stringify(job.data).slice(0, 160)}`,
      );
    }
  }
  return lines.join('\n');
}

describe('ingest audit: accepted pages reconciled with the index', () => {
  // One attempt: a 500 fails for good at once, as a transient error does after its last retry.
  const config = testConfig({ jobAttempts: 1, auditIntervalMs: 0 });
  const env = configToEnv(config);
  let proc: PipelineProcess;
  let site: FixtureServer;
  let flakyFails = true;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/kept.html': (_q, r) => html(r, story('Harbour report published', 'harbour')),
      '/dropped.html': (_q, r) => html(r, story('Railway report published', 'railway')),
      '/flaky.html': (_q, r) => (flakyFails ? r.writeHead(500).end('busy') : html(r, story('Library report published', 'library'))),
      '/empty.html': (_q, r) => html(r, '<!doctype html><html><head><title>Log in</title></head><body><form><input name="u"></form></body></html>'),
      '/gone.html': (_q, r) => r.writeHead(410).end('gone'),
      '/logo.png': (_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'audit-test' });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('lists lost pages with their last error, counts the rest by outcome, and repairs the lost ones', async () => {
    const urls = ['kept', 'dropped', 'flaky', 'empty', 'gone'].map((p) => `${site.baseUrl}/${p}.html`).concat(`${site.baseUrl}/logo.png`);
    expect(await main(['enqueue', ...urls], io(env).cli)).toBe(0);

    // wait does not say "done" while a page is missing: the 500 page failed for good.
    const w = io(env);
    expect(await main(['wait', '--timeout', '60'], w.cli)).toBe(1);
    expect(w.out()).toContain('drained, but 1 accepted page(s) are not indexed');
    expect(w.out()).toContain(`${site.baseUrl}/flaky.html`);
    expect(w.out()).not.toMatch(/^done:/m);

    // A document that vanished from the index with no job failing (a lost hand-off).
    let droppedId = '';
    for await (const d of proc.conns.searchIndex.allDocuments()) if (d.url.endsWith('/dropped.html')) droppedId = d.id;
    expect(droppedId).not.toBe('');
    await proc.conns.searchIndex.remove([droppedId]);

    const a = io(env);
    expect(await main(['audit', '--json'], a.cli)).toBe(1);
    const report = JSON.parse(a.out());
    expect(report).toMatchObject({ accepted: 6, indexed: 1, pending: 0, lost: 2, ended: { NO_ARTICLE: 1, HTTP_GONE: 1, UNSUPPORTED_CONTENT_TYPE: 1 }, duplicates: [] });
    const lost = Object.fromEntries(report.lostPages.map((p: { url: string }) => [p.url.split('/').pop(), p]));
    expect(lost['flaky.html']).toMatchObject({ stage: 'fetch', lastError: { queue: 'fetch', code: 'HTTP_SERVER_ERROR' }, archived: false });
    expect(lost['dropped.html']).toMatchObject({ stage: 'index', lastError: null, docId: droppedId, archived: true });
    expect(report.failedJobs.fetch).toMatchObject({ HTTP_SERVER_ERROR: 1, HTTP_GONE: 1 });

    // The API serves the same reconciliation (read scope).
    const res = await fetch(`${proc.apiUrl}/api/v1/audit?limit=1`, { headers: { authorization: `Bearer ${config.apiKey}` } });
    expect(res.status).toBe(200);
    const viaApi = await res.json();
    expect(viaApi).toMatchObject({ lost: 2, indexed: 1 });
    expect(viaApi.lostPages).toHaveLength(1);
    const doc = await (await fetch(`${proc.apiUrl}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/audit', '/api/v1/audit/repair']));

    flakyFails = false;
    const r = io(env);
    expect(await main(['audit', '--repair'], r.cli)).toBe(0);
    expect(r.out()).toMatch(/re-enqueued 2 \(fetch 2\), skipped 0/);
    // Repairing twice while the first repair is in flight adds nothing: same ids.
    const again = io(env);
    await main(['audit', '--repair', '--json'], again.cli);
    const second = JSON.parse(again.out());
    expect(second.repair?.requeued ?? []).toHaveLength(0);

    const w2 = io(env);
    const waited = await main(['wait', '--timeout', '60'], w2.cli);
    expect(waited, `${w2.err()}\n${await unfinished(proc)}`).toBe(0);
    expect(w2.out()).toMatch(/^done:/m);
    const after = io(env);
    expect(await main(['audit'], after.cli)).toBe(0);
    expect(after.out()).toMatch(/accepted 6 {2}indexed 3 {2}pending 0 {2}ended 3 {2}lost 0/);
    expect(await proc.conns.searchIndex.count()).toBe(3);
  });

  it('audits on a schedule and keeps the latest report for GET /api/v1/audit?cached=true', async () => {
    const deps = { redis: proc.conns.redis, queues: proc.conns.queues, stats: proc.conns.stats, searchIndex: proc.conns.searchIndex };
    const schedule = startAuditSchedule(deps, 200, createLogger({ level: 'silent' }));
    try {
      const deadline = performance.now() + 30_000;
      while ((await lastAuditReport(deps)) === null && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await schedule.last()).toMatchObject({ accepted: 6, indexed: 3, lost: 0 });
      const res = await fetch(`${proc.apiUrl}/api/v1/audit?cached=true`, { headers: { authorization: `Bearer ${config.apiKey}` } });
      expect(await res.json()).toMatchObject({ accepted: 6, indexed: 3, lost: 0 });
    } finally {
      await schedule.close();
    }
  });
});
