import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import type { IndexedDocument } from '@ingest/search-index';
import { cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import type { Config } from '@ingest/config';
import { ARTICLE_COUNT, PRINTED, SHARED_QUOTE, QUOTING, TEMPLATE_BLOCKS, expectedParagraphs, templateSiteRoutes } from './fixtures/template-site.ts';
import { PIPELINE_STAGES, drained } from './drain.ts';

// The whole pipeline crawls a 32-article site whose pages share a template; the first pages are
// extracted before the template is known and must be re-extracted without it.

describe('site template learning through the pipeline', () => {
  let site: FixtureServer;
  let config: Config;
  let proc: PipelineProcess;
  const docs = new Map<string, IndexedDocument>();

  beforeAll(async () => {
    site = await startFixtureServer(templateSiteRoutes());
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: PIPELINE_STAGES, api: false, service: 'dedupe-template' });
    const frontier = new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix);
    await enqueueUrls(proc.conns.queues, frontier, { urls: [`${site.baseUrl}/`], crawl: { maxPages: 60, maxDepth: 1 } });
    await drained(proc);
    for await (const d of proc.conns.searchIndex.allDocuments()) docs.set(new URL(d.url).pathname, d);
  }, 180_000);

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('indexes every article and print edition', () => {
    for (let i = 0; i < ARTICLE_COUNT; i++) expect(docs.has(`/news/article-${i}.html`), `article ${i}`).toBe(true);
    for (const i of PRINTED) expect(docs.has(`/print/article-${i}.html`)).toBe(true);
  });

  it('strips every template block from every body, the first pages included', () => {
    for (const [path, doc] of docs) {
      for (const block of TEMPLATE_BLOCKS) expect(doc.body, `${path} keeps "${block.slice(0, 40)}"`).not.toContain(block);
    }
  });

  it('keeps every article paragraph, including a quotation two articles share', () => {
    for (let i = 0; i < ARTICLE_COUNT; i++) {
      const body = docs.get(`/news/article-${i}.html`)!.body;
      for (const p of expectedParagraphs(i)) expect(body, `article ${i}`).toContain(p);
    }
    for (const i of QUOTING) expect(docs.get(`/news/article-${i}.html`)!.body).toContain(SHARED_QUOTE);
  });

  it('clusters each print edition with its article and nothing else together', () => {
    for (const i of PRINTED) expect(docs.get(`/print/article-${i}.html`)!.clusterId).toBe(docs.get(`/news/article-${i}.html`)!.clusterId);
    const clusters = new Set([...docs.values()].map((d) => d.clusterId));
    expect(clusters.size).toBe(docs.size - PRINTED.length);
  });

  it('reports the figures', async () => {
    const c = await proc.conns.stats.counts();
    const figures = {
      pagesIndexed: docs.size,
      blocksRemovedInPage: c['blocks.removedInPage'] ?? 0,
      blocksRemovedByTemplate: c['blocks.removedByTemplate'] ?? 0,
      templateBlocksLearned: c['dedupe.templateBlocksLearned'] ?? 0,
      pagesReprocessedByJob: c['dedupe.pagesReprocessed'] ?? 0,
      pagesRerunInPlace: c['dedupe.pagesRerunInPlace'] ?? 0,
      documentsClustered: c['dedupe.clustered'] ?? 0,
      extractJobs: (c['extract.done'] ?? 0) + (c['extract.skipped'] ?? 0),
    };
    console.log(`dedupe figures (template site): ${JSON.stringify(figures)}`);
    expect(figures.templateBlocksLearned).toBeGreaterThan(0);
    expect(figures.pagesReprocessedByJob + figures.pagesRerunInPlace).toBeGreaterThan(0);
    expect(figures.documentsClustered).toBe(PRINTED.length);
  });
});
