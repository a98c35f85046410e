import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const TEXT = [
  'The county will resurface the coast road in March, closing one lane at a time so that buses can keep to their timetable.',
  'Cyclists asked for a painted lane on the steep section, and the engineers said they would look at it before the work begins.',
];

/**
 * A crawl's next run (or another crawl of the same site) meets pages that have not changed: they
 * are not extracted again, and their links as last extracted are followed, so the crawl reaches
 * the whole site again instead of stopping at its start page.
 */
describe('a crawl over pages that have not changed', () => {
  const config = testConfig({ jobAttempts: 1 });
  let proc: PipelineProcess;
  let site: FixtureServer;
  const auth = { authorization: `Bearer ${config.apiKey}` };
  const fetched: string[] = [];
  const page = (title: string, links: string[]) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    fetched.push(req.url ?? '');
    const etag = `"${title.length}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(articlePage(title, TEXT).replace('</article>', `${links.map((l) => `<a href="${l}">${l}</a>`).join('')}</article>`));
  };

  const state = async (id: string) => (await proc.api!.inject({ method: 'GET', url: `/api/v1/sources/${id}`, headers: auth })).json().state;
  const run = async (id: string) => {
    expect((await proc.api!.inject({ method: 'POST', url: `/api/v1/sources/${id}/run`, headers: auth })).statusCode).toBe(202);
    await drained(proc);
  };

  beforeAll(async () => {
    site = await startFixtureServer({
      '/': page('Coast road front page', ['/road.html', '/buses.html']),
      '/road.html': page('Coast road to be resurfaced', ['/lanes.html']),
      '/buses.html': page('Buses keep their timetable', []),
      '/lanes.html': page('Cycle lane on the steep section', []),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'crawl-rerun-test' });
    const add = (id: string) =>
      proc.api!.inject({ method: 'POST', url: '/api/v1/sources', headers: auth, payload: { id, kind: 'crawl', urls: [`${site.baseUrl}/`], crawl: { maxPages: 20, maxDepth: 2 } } });
    expect((await add('coast')).statusCode).toBe(201);
    expect((await add('coast-again')).statusCode).toBe(201);
    await run('coast');
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('first run: every page fetched and indexed', async () => {
    expect(await state('coast')).toMatchObject({ found: 4, fetched: 4, unchanged: 0, failed: 0 });
    expect(await proc.conns.searchIndex.count()).toBe(4);
  });

  it('second run: every page reached again, all unchanged (304), none extracted again', async () => {
    const extractedBefore = (await proc.conns.stats.counts())['extract.done'] ?? 0;
    await run('coast');
    expect(await state('coast')).toMatchObject({ runs: 2, found: 4, fetched: 0, unchanged: 4, failed: 0 });
    expect((await proc.conns.stats.counts())['extract.done'] ?? 0).toBe(extractedBefore);
  });

  it('another crawl of the same site reaches every page too', async () => {
    await run('coast-again');
    expect(await state('coast-again')).toMatchObject({ found: 4, unchanged: 4, failed: 0 });
    const docs = (await proc.api!.inject({ method: 'GET', url: '/api/v1/sources/coast-again/documents', headers: auth })).json();
    expect(docs.documents.filter((d: { indexed: boolean }) => d.indexed)).toHaveLength(4);
  });
});
