import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import type { FlaggedHost, HostFigures } from '@ingest/extraction-health';
import { createLogger } from '@ingest/logger';
import { parseMetricsText, sumOf } from '@ingest/metrics';
import type { PipelineStatus } from '@ingest/ops';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, configToEnv, drained, startFixtureServer, testConfig, until, type FixtureServer } from '@ingest/testing';
import { ARTICLES, newsSite, type NewsSite } from './fixtures/news-site.ts';

// Two loopback news hosts crawled twice through the whole pipeline. Between the crawls one of
// them moves to a client-rendered template (the article travels as JSON for a script), the other
// only updates a line of each article. The first must be flagged with example pages in
// `ingest status` (text and --json), the API's status route and /metrics; the second must not.

const STAGES = ['fetch', 'extract', 'index'] as const;

describe('a host whose redesign breaks extraction is flagged, with examples', () => {
  let config: Config;
  let proc: PipelineProcess;
  const sites: { site: NewsSite; server: FixtureServer; host: string }[] = [];
  const generations: Record<string, string[]> = {};
  let io: CliIO;
  let out = '';
  let err = '';

  const cli = async (...args: string[]): Promise<string> => {
    out = '';
    err = '';
    expect(await main(args, io), err).toBe(0);
    return out;
  };

  /** One crawl of both hosts, drained, until every extracted page of it is in the hosts' figures. */
  async function crawlBoth(round: number): Promise<void> {
    const frontier = new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix);
    for (const { server } of sites) await enqueueUrls(proc.conns.queues, frontier, { urls: [`${server.baseUrl}/`], crawl: { maxPages: ARTICLES + 5, maxDepth: 1 } });
    await drained(proc, 120_000, 4);
    for (const { host } of sites) {
      const current = await until<HostFigures>(`the figures of ${host}, crawl ${round}`, async () => {
        const f = (await proc.conns.extractionHealth.figures(host)).current;
        // Every article page changes between crawls, so each crawl extracts all of them again.
        return f && !generations[host]!.includes(f.generation) && f.pages >= ARTICLES ? f : null;
      });
      generations[host]!.push(current.generation);
    }
  }

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const site = newsSite();
      const server = await startFixtureServer(site.routes);
      const host = new URL(server.baseUrl).host;
      sites.push({ site, server, host });
      generations[host] = [];
    }
    config = testConfig({ fetchHostDelayMs: 0, fetchHostConcurrency: 8 });
    io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: configToEnv(config), cwd: mkdtempSync(join(tmpdir(), 'redesign-cli-')) };
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'redesign' });
    await crawlBoth(1);
  }, 240_000);

  afterAll(async () => {
    await proc?.close();
    for (const { server } of sites) await server.close();
    if (config) await cleanupTest(config);
  });

  it('flags nothing after a first crawl: there is no previous crawl to compare with', async () => {
    const status = JSON.parse(await cli('status', '--json')) as PipelineStatus;
    expect(status.extraction).toEqual({ flaggedHosts: [] });
    for (const { host } of sites) {
      const { current, previous } = await proc.conns.extractionHealth.figures(host);
      expect(previous).toBeNull();
      expect(current!.articleRatio).toBeGreaterThan(0.9);
    }
  });

  describe('after the second crawl', () => {
    let redesigned: string;
    let unchanged: string;

    beforeAll(async () => {
      sites[0]!.site.edition.redesigned = true;
      for (const { site } of sites) site.edition.round = 2;
      redesigned = sites[0]!.host;
      unchanged = sites[1]!.host;
      await crawlBoth(2);
    }, 240_000);

    it('keeps both crawls of each host, compared', async () => {
      for (const { host } of sites) {
        const { current, previous } = await proc.conns.extractionHealth.figures(host);
        expect([previous!.generation, current!.generation]).toEqual(generations[host]);
      }
      const still = (await proc.conns.extractionHealth.figures(unchanged)).current!;
      // the index page has no article once the footer is known as template
      expect(still.articleRatio).toBeGreaterThan(0.9);
      // its edited articles kept theirs (the front page may lose the footer it was taken for before its template was known)
      expect(still.keptRatio).toBeGreaterThan(0.95);
      expect(still.medianConfidence).toBeGreaterThan(0.8);
      expect((await proc.conns.extractionHealth.figures(redesigned)).current!.articles).toBe(0);
    });

    it('ingest status --json flags the redesigned host with figures and examples, not the unchanged one', async () => {
      const status = JSON.parse(await cli('status', '--json')) as PipelineStatus;
      const flagged = status.extraction!.flaggedHosts;
      expect(flagged.map((h) => h.host)).toEqual([redesigned]);
      const h = flagged[0]!;
      // every article page had its article in the first crawl and has none now
      expect(h.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['articles_lost', 'body_length_fell', 'confidence_fell']));
      expect(h.current.hadArticle).toBeGreaterThanOrEqual(ARTICLES);
      expect(h.current.stillArticle).toBe(0);
      expect(h.previous).toMatchObject({ generation: generations[redesigned]![0] });
      expect(h.previous.articleRatio).toBeGreaterThan(0.9);
      expect(h.previous.medianBodyLength).toBeGreaterThan(2_000);
      expect(h.current).toMatchObject({ generation: generations[redesigned]![1], articles: 0, articleRatio: 0, medianBodyLength: null });
      expect(h.current.examples.length).toBeGreaterThanOrEqual(3);
      for (const e of h.current.examples) {
        expect(e.reason).toBe('no_article');
        expect(new URL(e.url).host).toBe(redesigned);
      }
      // mostly article pages; the front page may be one too (its footer, taken for an article before the template was known, is gone)
      expect(h.current.examples.filter((e) => /\/news\/\d+\.html$/.test(e.url)).length).toBeGreaterThanOrEqual(3);
    });

    it('ingest status prints the flagged host with both crawls and the example pages', async () => {
      const text = await cli('status');
      // The section ends at a blank line; recent failures above it name both hosts (index pages without an article).
      const section = text.slice(text.indexOf('extraction looks broken')).split('\n\n')[0]!;
      expect(section).toMatch(/^extraction looks broken on 1 host /);
      expect(section).toContain(`  ${redesigned}  articles lost 1 -> 0`);
      expect(section).toMatch(/current\s+\d+ pages\s+articles +0 %  still 0 of \d+ that had one/);
      expect(section).not.toContain(unchanged);
      expect(section).toMatch(/previous\s+\d+ pages\s+articles +\d+ %/);
      expect(section).toMatch(new RegExp(`e\\.g\\. http://${redesigned.replace(/\./g, '\\.')}/news/\\d+\\.html  no article`));
    });

    it('the API status route carries the same flag', async () => {
      const res = await proc.api!.inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${config.apiKey}` } });
      expect(res.statusCode).toBe(200);
      const flagged: FlaggedHost[] = res.json<PipelineStatus>().extraction!.flaggedHosts;
      expect(flagged.map((h) => h.host)).toEqual([redesigned]);
      expect(flagged[0]!.current.examples.length).toBeGreaterThanOrEqual(3);
    });

    it('/metrics has a redesign series for the flagged host only', async () => {
      const scrape = (await proc.api!.inject({ method: 'GET', url: '/metrics' })).body;
      const parsed = parseMetricsText(scrape);
      expect(sumOf(parsed, 'ingest_extraction_hosts_flagged')).toBe(1);
      expect(sumOf(parsed, 'ingest_extraction_host_redesign', { host: redesigned })).toBe(1);
      expect(sumOf(parsed, 'ingest_extraction_host_redesign', { host: unchanged })).toBe(0);
      expect(sumOf(parsed, 'ingest_extraction_host_articles_found_ratio', { host: redesigned, crawl: 'current' })).toBe(0);
      expect(sumOf(parsed, 'ingest_extraction_host_articles_found_ratio', { host: redesigned, crawl: 'previous' })).toBeGreaterThan(0.9);
      // The per-host families as Prometheus lints them, with their series present (tests/monitoring scrapes none).
      const ours = scrape
        .split('\n')
        .filter((l) => /^(# (HELP|TYPE) )?ingest_extraction_/.test(l))
        .join('\n');
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: `${ours}\n`, encoding: 'utf8' });
      expect(lint.error, 'promtool is not installed (apt-get install prometheus)').toBeUndefined();
      expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
      expect(lint.status).toBe(0);
    });
  });
});
