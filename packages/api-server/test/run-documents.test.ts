import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const para = (topic: string) => [
  `The council approved the ${topic} plan on Tuesday after a debate that ran late into the evening and drew a full gallery.`,
  `Residents who spoke asked for the ${topic} works to start before winter, and the mayor said the first contracts would be signed within weeks.`,
];

describe('GET /api/v1/sources/{id}/documents: the documents a run produced', () => {
  const config = testConfig({ jobAttempts: 1 });
  let proc: PipelineProcess;
  let site: FixtureServer;
  const auth = { authorization: `Bearer ${config.apiKey}` };
  const get = async (url: string) => proc.api!.inject({ method: 'GET', url, headers: auth });

  beforeAll(async () => {
    site = await startFixtureServer({
      '/a.html': (_q, r) => html(r, articlePage('Harbour bridge repairs approved', para('bridge'))),
      '/b.html': (_q, r) => html(r, articlePage('New library opens in the old mill', para('library'))),
      '/c.html': (_q, r) => html(r, articlePage('Tram line extension reaches the university', para('tram'))),
      '/broken.html': (_q, r) => html(r, 'upstream exploded', 500),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'run-documents-test' });
    const urls = ['/a.html', '/b.html', '/c.html', '/broken.html'].map((p) => `${site.baseUrl}${p}`);
    expect((await proc.api!.inject({ method: 'POST', url: '/api/v1/sources', headers: auth, payload: { id: 'town', kind: 'url', urls } })).statusCode).toBe(201);
    expect((await get('/api/v1/sources/town/documents')).json()).toMatchObject({ runId: null, total: 0, documents: [] });
    expect((await proc.api!.inject({ method: 'POST', url: '/api/v1/sources/town/run', headers: auth })).statusCode).toBe(202);
    await drained(proc);
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('lists each page of the latest run with its outcome and indexed document, in URL order, a page at a time', async () => {
    const runId = (await get('/api/v1/sources/town')).json().state.runId as string;
    const all = await get('/api/v1/sources/town/documents?limit=10');
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json();
    expect(body).toMatchObject({ sourceId: 'town', runId, total: 4, offset: 0, limit: 10, nextOffset: null });
    expect(body.documents.map((d: { url: string }) => new URL(d.url).pathname)).toEqual(['/a.html', '/b.html', '/broken.html', '/c.html']);
    const byPath = Object.fromEntries(body.documents.map((d: { url: string }) => [new URL(d.url).pathname, d]));
    expect(byPath['/a.html']).toMatchObject({ outcome: 'fetched', indexed: true, title: 'Harbour bridge repairs approved', fetchedAt: expect.any(String) });
    expect(byPath['/broken.html']).toMatchObject({ outcome: 'failed', indexed: false, documentId: null, title: null });
    // The id leads to the document itself.
    const doc = await get(`/api/v1/documents/${byPath['/b.html'].documentId}`);
    expect(doc.json().title).toBe('New library opens in the old mill');

    const first = (await get('/api/v1/sources/town/documents?limit=3')).json();
    expect(first).toMatchObject({ total: 4, nextOffset: 3 });
    expect(first.documents).toHaveLength(3);
    const rest = (await get(`/api/v1/sources/town/documents?limit=3&offset=${first.nextOffset}&runId=${runId}`)).json();
    expect(rest).toMatchObject({ offset: 3, nextOffset: null });
    expect([...first.documents, ...rest.documents]).toEqual(body.documents);
  });

  it('counts the run in the audit: the failed page is accepted but not indexed, with its error', async () => {
    const res = await get('/api/v1/audit?source=town');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ accepted: 4, indexed: 3, lost: 1, run: { sourceId: 'town' } });
    expect(report.lostPages[0]).toMatchObject({ url: `${site.baseUrl}/broken.html`, stage: 'fetch', lastError: { code: 'HTTP_SERVER_ERROR' } });
  });

  it('answers 404 problem details for an unknown source or run', async () => {
    const noSource = await get('/api/v1/sources/nope/documents');
    expect(noSource.statusCode).toBe(404);
    expect(noSource.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noSource.json()).toMatchObject({ status: 404, code: 'SOURCE_NOT_FOUND' });
    const noRun = await get('/api/v1/sources/town/documents?runId=never');
    expect(noRun.statusCode).toBe(404);
    expect(noRun.json()).toMatchObject({ status: 404, code: 'not_found' });
    expect(noRun.json().detail).toContain('no run "never"');
    expect((await get('/api/v1/audit?source=town&runId=never')).statusCode).toBe(404);
    expect((await get('/api/v1/sources/town/documents?limit=0')).statusCode).toBe(400);
  });
});
