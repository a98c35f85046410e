import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentKey } from '@ingest/archive';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import { STAGES, parseStageRecord, type IngestDocument } from '@ingest/contracts';
import { Dedupe } from '@ingest/dedupe';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { failureOf } from '@ingest/queue';
import { replayResponse } from '@ingest/reindex';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

// One page through the three callers of the page path: the stages (fetch → extract → index), an
// archive replay (`ingest reindex`) and `ingest extract` on the same bytes. They must agree on the
// document, or a change to how pages are processed would reach only some of them.
const ARTICLE = articlePage('Night trains return to the valley line', [
  'The regional operator will run a sleeper service twice a week from May, the first on the line since 1994.',
  'Tickets go on sale next month and include bicycle spaces, which cyclists had long asked for on the route.',
  'The carriages were refurbished in the capital over the winter and keep their original wooden panelling.',
]);
// Text of its own: a page seen while its host's template is learned still enters the
// near-duplicate index, and would found the article's cluster.
const NOINDEX = articlePage('Staff rota for the spring timetable', [
  'Drivers and guards are asked to confirm their shifts for the spring timetable by the end of the month.',
  'Requests for leave over the holiday weekend are granted in the order in which they reach the depot office.',
]).replace('<head>', '<head><meta name="robots" content="noindex">');

function cliIo(env: Record<string, string | undefined>, cwd: string) {
  let out = '';
  const cli: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => {} }, env, cwd };
  return { cli, out: () => out };
}

describe('one page path for stages, reindex and `ingest extract`', () => {
  let site: FixtureServer;
  let config: Config;
  let proc: PipelineProcess;
  let staged: IngestDocument;

  beforeAll(async () => {
    site = await startFixtureServer({ '/trains.html': (_q, r) => html(r, ARTICLE), '/private.html': (_q, r) => html(r, NOINDEX) });
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'one-path' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/trains.html`, `${site.baseUrl}/private.html`] });
    await drained(proc, 120_000);
    const indexed: IngestDocument[] = [];
    for await (const d of proc.conns.searchIndex.allDocuments()) indexed.push(d);
    expect(indexed.map((d) => d.url)).toEqual([`${site.baseUrl}/trains.html`]);
    // The document as the extract stage handed it to the index stage (on the job, not in S3), read through its contract.
    // The upsert's: the noindex page's removal is an index job too.
    const job = (await proc.conns.queues.queues.index.getCompleted()).find((j) => j.data.op === 'upsert' && j.data.docId === indexed[0]!.id);
    expect(await proc.conns.archive.exists(documentKey(indexed[0]!.id, indexed[0]!.contentDigest))).toBe(false);
    staged = parseStageRecord('document', (job!.data as { document: unknown }).document, `index job ${job!.id}`);
  }, 180_000);

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('has no enrich hop: extract hands the finished document to index', async () => {
    expect(STAGES).toEqual(['discover', 'fetch', 'render', 'extract', 'index']);
    const c = await proc.conns.stats.counts();
    expect(c['extract.done']).toBe(1);
    expect(c['index.done']).toBe(1);
    expect(staged.language).toBe('en');
    expect(staged.wordCount).toBeGreaterThan(40);
  });

  it('reports the noindex page with a typed outcome, not a "CODE: message" string', async () => {
    // Extracted inside its fetch job (inline.ts): the outcome is counted and its skip recorded with
    // its code, as the extract worker does for a queued job.
    expect((await proc.conns.stats.counts())['extract.skipped']).toBe(1);
    const skips = (await proc.conns.stats.recentFailures()).filter((f) => f.queue === 'extract');
    expect(skips).toContainEqual(expect.objectContaining({ code: 'NOINDEX', message: 'skipped: robots meta says noindex', final: true }));
    // Through the queue (PIPELINE_INLINE=0, a split deployment) it is the job's typed return value.
    const job = { url: `${site.baseUrl}/private.html`, finalUrl: `${site.baseUrl}/private.html`, contentType: 'text/html', fetchedAt: new Date().toISOString() };
    const archived = await proc.conns.archive.putResponse({ ...job, status: 200, headers: { 'content-type': 'text/html' }, redirects: [], body: Buffer.from(NOINDEX) });
    await proc.conns.queues.add('extract', { ...job, archiveKey: archived.archiveKey, contentDigest: archived.contentDigest }, 'extract-noindex-queued');
    await drained(proc, 60_000);
    expect((await proc.conns.queues.queues.extract.getJob('extract-noindex-queued'))?.returnvalue).toEqual({ outcome: 'skipped', code: 'NOINDEX', reason: 'robots meta says noindex' });
  });

  it('gives the same document when the archived response is replayed (reindex)', async () => {
    const dedupe = new Dedupe({ redis: proc.conns.redis, prefix: config.queuePrefix });
    const replayed = await replayResponse(proc.conns.archive, staged.archiveKey, {
      templateFor: async (host) => (await dedupe.templates.snapshot(host)).fingerprints,
      clusterOf: (docId, text) => dedupe.clusterOf(docId, text),
    });
    expect(replayed).toEqual({ doc: staged });
  });

  it('gives the same document from `ingest extract` on the same bytes, but for what only a crawl knows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-one-path-'));
    writeFileSync(join(dir, 'trains.html'), ARTICLE);
    const run = cliIo(configToEnv(config), dir);
    expect(await main(['extract', '--url', staged.url, 'trains.html'], run.cli)).toBe(0);
    const out = JSON.parse(run.out()) as Record<string, unknown>;
    // Archive key, digest, fetch time and version come from the fetch; the cluster from the
    // near-duplicate index in Redis (without it identical texts share an exact-text cluster).
    const { archiveKey: _a, contentDigest: _c, fetchedAt: _f, version: _v, clusterId, ...shared } = staged;
    const { file: _file, text: _text, markdown: _md, images: _img, stats: _stats, clusterId: cliCluster, ...fromCli } = out;
    expect(fromCli).toEqual(shared);
    expect(clusterId).toMatch(/^c/);
    expect(cliCluster).toMatch(/^x/);
  });

  it('fails an index job whose document does not match its schema at once, with INVALID_RECORD', async () => {
    const key = documentKey(staged.id, 'f'.repeat(64));
    await proc.conns.archive.putJson(key, { ...staged, wordCount: 'many' });
    await proc.conns.queues.add('index', { op: 'upsert', docId: staged.id, documentKey: key, contentDigest: 'f'.repeat(64), version: staged.version + 1 }, 'index-bad-record');
    const deadline = performance.now() + 60_000;
    let state = '';
    while (state !== 'failed' && performance.now() < deadline) {
      state = await proc.conns.queues.queues.index.getJobState('index-bad-record');
      if (state !== 'failed') await new Promise((r) => setTimeout(r, 100));
    }
    const job = (await proc.conns.queues.queues.index.getJob('index-bad-record'))!;
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(failureOf(job)).toMatchObject({ code: 'INVALID_RECORD', retryable: false });
    expect(failureOf(job)?.message).toContain('wordCount');
  });
});
