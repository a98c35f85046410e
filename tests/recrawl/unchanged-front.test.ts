import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { PARAGRAPHS } from '../sources/helpers.ts';

// A recrawl of a site whose front page did not change must still reach the pages below it: the
// front answers 304 (ETag), the section page answers the same bytes (no validators), and only the
// article at the bottom changed.
describe('a recrawl through unchanged pages', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let round = 1;
  const hits: string[] = [];
  const send = (res: ServerResponse, body: string, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  const nav = (links: string[]) => `<!doctype html><html><head><title>Harbour news</title></head><body><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul></body></html>`;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/': (req, res) => {
        hits.push(`${round} /`);
        if (req.headers['if-none-match'] === '"front"') return res.writeHead(304, { etag: '"front"' }).end();
        send(res, nav(['/section/']), { etag: '"front"' });
      },
      '/section/': (_req, res) => {
        hits.push(`${round} /section/`);
        send(res, nav(['../story.html', 'javascript:void(0)', '#top']));
      },
      '/story.html': (_req, res) => {
        hits.push(`${round} /story.html`);
        send(res, articlePage('Harbour story', [...PARAGRAPHS, round === 1 ? 'The first edition said the quay opens in May.' : 'The second edition says the quay opens in June.']));
      },
    });
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'unchanged-front' });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  const crawl = async () => {
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/`], crawl: { maxPages: 20, maxDepth: 2 } });
    await drained(proc);
  };
  const storyText = async () => {
    for await (const d of proc.conns.searchIndex.allDocuments()) if (d.url.endsWith('/story.html')) return d.body;
    return null;
  };

  it('follows the links of a 304 front page and of a same-bytes section page down to the changed article', async () => {
    await crawl();
    expect(await storyText()).toContain('opens in May');
    round = 2;
    const before = (await proc.conns.stats.counts())['fetch.unchanged'] ?? 0;
    await crawl();
    expect(hits.filter((h) => h.startsWith('2 '))).toEqual(['2 /', '2 /section/', '2 /story.html']);
    expect(((await proc.conns.stats.counts())['fetch.unchanged'] ?? 0) - before).toBe(2);
    expect(await storyText()).toContain('opens in June');
  });
});
