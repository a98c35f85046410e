import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { main } from '@ingest/cli';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { RecrawlSchedule, SourceRegistry } from '@ingest/sources';
import { articlePage, cleanupTest, configToEnv, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { PARAGRAPHS } from '../sources/helpers.ts';

const HOUR = 3_600_000;
const RUNS = 10;

describe('adaptive recrawl: pages that change are fetched about every run, static pages far less (fake clock)', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let registry: SourceRegistry;
  let now = Date.parse('2026-03-01T00:00:00Z');
  const hits = new Map<string, number>();
  const PAGES = ['/live-1.html', '/live-2.html', '/static-1.html', '/static-2.html'];
  let feedVersion = 0;

  beforeAll(async () => {
    const routes: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void> = {};
    for (const path of PAGES) {
      routes[path] = (req, res) => {
        // Feed items are this path with a query: counted apart.
        const key = req.url ?? path;
        const n = (hits.get(key) ?? 0) + 1;
        hits.set(key, n);
        // A live page has a new paragraph on every fetch; a static page is byte-identical.
        const extra = path.startsWith('/live') ? [`Live update number ${n} from the harbour, where the tide and the works both moved again this hour.`] : [];
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(`Story ${path}`, [...PARAGRAPHS, ...extra]));
      };
    }
    // A feed that stops changing after the third run.
    routes['/feed.xml'] = (_req, res) => {
      hits.set('/feed.xml', (hits.get('/feed.xml') ?? 0) + 1);
      const items = Array.from({ length: Math.min(feedVersion, 3) }, (_, i) => `<item><title>Item ${i}</title><link>${site.baseUrl}/static-1.html?item=${i}</link></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${items}</channel></rss>`);
    };
    site = await startFixtureServer(routes);
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'adaptive-test', clock: () => now });
    registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
    const adaptive = { minIntervalMs: HOUR, maxIntervalMs: 8 * HOUR };
    await registry.add({ id: 'pages', kind: 'url', urls: PAGES.map((p) => `${site.baseUrl}${p}`), adaptive });
    await registry.add({ id: 'feed', kind: 'feed', urls: [`${site.baseUrl}/feed.xml`], adaptive });
    await expect(registry.add({ id: 'crawl', kind: 'crawl', urls: [`${site.baseUrl}/`], adaptive })).rejects.toThrow(/not crawls/);
    await expect(registry.add({ id: 'bounds', kind: 'url', urls: [`${site.baseUrl}/`], adaptive: { minIntervalMs: 8 * HOUR, maxIntervalMs: HOUR } })).rejects.toThrow(/must not exceed/);
    for (let run = 0; run < RUNS; run++) {
      feedVersion = run + 1;
      await registry.runNow('pages');
      await registry.runNow('feed');
      await drained(proc);
      now += HOUR;
    }
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('fetches changing pages every run and static pages at doubling intervals, within the bounds', async () => {
    const counts = Object.fromEntries([...PAGES, '/feed.xml', '/static-1.html?item=0'].map((p) => [p, hits.get(p) ?? 0]));
    console.info(`adaptive recrawl, ${RUNS} runs one hour apart (bounds 1 h .. 8 h), fetches per URL: ${JSON.stringify(counts)}`);
    expect(counts['/live-1.html']).toBe(RUNS);
    expect(counts['/live-2.html']).toBe(RUNS);
    // Fetched at hours 0, 1, 3 and 7: intervals 1, 2, 4, then 8 (the bound).
    expect(counts['/static-1.html']).toBe(4);
    expect(counts['/static-2.html']).toBe(4);
    // The feed changed in runs 1-3, then its interval grows: hours 0, 1, 2, 3, 5, 9.
    expect(counts['/feed.xml']).toBe(6);
    // A feed item that never changes is fetched as rarely as a static page, when its feed is read.
    expect(counts['/static-1.html?item=0']).toBeLessThanOrEqual(4);

    const schedule = await new RecrawlSchedule(proc.conns.redis, proc.conns.queues.prefix).list('pages');
    const byUrl = new Map(schedule.map((e) => [e.url.slice(site.baseUrl.length), e]));
    expect(byUrl.get('/live-1.html')).toMatchObject({ intervalMs: HOUR, checks: RUNS, changes: RUNS });
    expect(byUrl.get('/static-1.html')).toMatchObject({ intervalMs: 8 * HOUR, checks: 4, changes: 1 });
  });

  it("shows each page's interval and next due time (ingest sources schedule)", async () => {
    let out = '';
    const code = await main(['sources', 'schedule', 'pages'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: { ...configToEnv(config), LOG_LEVEL: 'silent' },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    console.info(`$ ingest sources schedule pages\n${out}`);
    expect(out).toContain('/static-1.html');
    expect(out).toMatch(/8h\b/);
  });
});
