import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import { STAGES, type IngestDocument } from '@ingest/contracts';
import { Dedupe } from '@ingest/dedupe';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, html, startFixtureServer, testConfig, type FixtureServer, drained } from '@ingest/testing';
import { CheckpointStore, reindex, ReindexError, type ReindexDeps, type ReindexProgress } from '../src/index.ts';

const STORIES = [
  ['harbour-strike', 'Dock workers strike at the harbour', 'Dock workers walked out at the harbour on Monday after talks on pay collapsed late on Sunday night.'],
  ['ferry-link', 'New ferry link across the Caspian', 'A new ferry link between the two harbour cities opens in spring, cutting the crossing to eleven hours.'],
  ['metro-extension', 'Metro extension reaches the airport', 'The metro extension to the airport opened to passengers after six years of construction and delays.'],
  ['wind-farm', 'Offshore wind farm approved', 'Regulators approved an offshore wind farm near the harbour, the largest of its kind in the region.'],
  ['grain-exports', 'Grain exports recover', 'Grain exports through the harbour recovered in the third quarter as insurance costs for ships fell.'],
  ['budget-talks', 'Budget talks stall', 'Budget talks stalled again on Thursday as the coalition partners failed to agree on pension spending.'],
] as const;

function page(title: string, lead: string): string {
  // Every paragraph is the story's own, so no two stories look like near-duplicates.
  const words = lead.replace(/[.,]/g, '').split(' ');
  const paragraphs = Array.from({ length: 4 }, (_, i) => `${title} (part ${i + 2}): ${words.slice(i).concat(words.slice(0, i)).join(' ')}.`);
  return articlePage(title, [lead, ...paragraphs]);
}

async function allDocs(proc: PipelineProcess): Promise<IngestDocument[]> {
  const docs: IngestDocument[] = [];
  for await (const d of proc.conns.searchIndex.allDocuments()) docs.push(d);
  return docs.sort((a, b) => a.id.localeCompare(b.id));
}

async function indexUids(proc: PipelineProcess): Promise<string[]> {
  return (await proc.conns.searchIndex.client.getIndexes({ limit: 1000 })).results.map((i) => i.uid);
}

describe('ingest reindex', () => {
  let site: FixtureServer;
  let config: Config;
  let proc: PipelineProcess;
  let deps: ReindexDeps;
  let original: IngestDocument[];

  beforeAll(async () => {
    site = await startFixtureServer(Object.fromEntries(STORIES.map(([slug, title, lead]) => [`/news/${slug}.html`, (_req, res) => html(res, page(title, lead))])));
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'reindex-test' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: STORIES.map(([slug]) => `${site.baseUrl}/news/${slug}.html`) });
    await drained(proc);
    original = await allDocs(proc);
    const dedupe = new Dedupe({ redis: proc.conns.redis, prefix: config.queuePrefix });
    deps = {
      archive: proc.conns.archive,
      live: proc.conns.searchIndex,
      redis: proc.conns.redis,
      prefix: config.queuePrefix,
      hooks: { clusterOf: (docId, text) => dedupe.clusterOf(docId, text) },
    };
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('has ingested the fixture pages', () => {
    expect(original).toHaveLength(STORIES.length);
  });

  it('rebuilds from the archive without fetching, keeps search answering, and swaps in the same documents', async () => {
    const fetched = site.hits.length;
    // An outdated extraction in the live index: the reindex must replace it with today's.
    const stale = original[0]!;
    await proc.conns.searchIndex.upsert([{ ...stale, title: 'STALE TITLE' }]);

    const answers: number[] = [];
    const failures: unknown[] = [];
    let searching = true;
    const searcher = (async () => {
      while (searching) {
        await proc.conns.searchIndex.search({ text: 'harbour', limit: 20 }).then(
          (r) => answers.push(r.hits.length),
          (e: unknown) => failures.push(e),
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    let wroteMeanwhile = false;
    const late = { ...original[1]!, id: 'indexed-during-reindex', clusterId: 'c-late', title: 'Late harbour story', version: Date.now() + 60_000 };
    const report = await reindex(deps, {
      chunkSize: 2,
      onProgress: async (p: ReindexProgress) => {
        if (p.phase === 'building' && p.processed > 0 && !wroteMeanwhile) {
          wroteMeanwhile = true;
          // The live pipeline keeps indexing while the rebuild runs.
          await proc.conns.searchIndex.upsert([late]);
        }
      },
    });
    searching = false;
    await searcher;

    expect(report).toMatchObject({ phase: 'done', total: STORIES.length, processed: STORIES.length, indexed: STORIES.length, skipped: 0, resumed: false });
    expect(report.carriedOver).toBe(1);
    expect(site.hits.length).toBe(fetched);
    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect(Math.min(...answers)).toBeGreaterThanOrEqual(4);

    const after = await allDocs(proc);
    expect(after.filter((d) => d.id !== late.id)).toEqual(original);
    expect(after.find((d) => d.id === late.id)?.title).toBe('Late harbour story');
    expect((await indexUids(proc)).filter((u) => u.startsWith(config.meiliIndex))).toEqual([config.meiliIndex]);
    expect(await new CheckpointStore(proc.conns.redis, config.queuePrefix, config.meiliIndex).load()).toBeNull();
    // Settings came along: the distinct attribute still collapses clusters, facets still filter.
    expect((await proc.conns.searchIndex.client.index(config.meiliIndex).getSettings()).distinctAttribute).toBe('clusterId');
    await proc.conns.searchIndex.remove([late.id]);
  });

  it('resumes after a crash from its checkpoint, into the same new index', async () => {
    const stop = new AbortController();
    let target = '';
    const first = reindex(deps, {
      chunkSize: 2,
      signal: stop.signal,
      onProgress: (p) => {
        target = p.target;
        if (p.phase === 'building' && p.processed >= 2) stop.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(ReindexError);
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' });

    const checkpoint = await new CheckpointStore(proc.conns.redis, config.queuePrefix, config.meiliIndex).load();
    expect(checkpoint).toMatchObject({ target, phase: 'building' });
    expect(checkpoint!.processed).toBeGreaterThanOrEqual(2);
    expect(checkpoint!.processed).toBeLessThan(STORIES.length);
    // The live index is untouched until the swap.
    expect(await allDocs(proc)).toEqual(original);
    expect(await indexUids(proc)).toContain(target);

    const seen: number[] = [];
    const report = await reindex(deps, {
      chunkSize: 2,
      onProgress: (p) => {
        if (p.phase === 'building') seen.push(p.processed);
      },
    });
    expect(report).toMatchObject({ target, resumed: true, resumedFrom: checkpoint!.processed, processed: STORIES.length, phase: 'done' });
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(checkpoint!.processed);
    expect(await allDocs(proc)).toEqual(original);
    expect((await indexUids(proc)).filter((u) => u.startsWith(config.meiliIndex))).toEqual([config.meiliIndex]);
  });

  it('never swaps the old index back in after a crash right after the swap', async () => {
    await proc.conns.searchIndex.upsert([{ ...original[0]!, title: 'STALE TITLE' }]);
    const crash = new Error('crash after the swap');
    await expect(
      reindex(deps, {
        onProgress: (p) => {
          if (p.phase === 'catching-up') throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // As if the process died before recording the swap.
    const store = new CheckpointStore(proc.conns.redis, config.queuePrefix, config.meiliIndex);
    const checkpoint = await store.load();
    expect(checkpoint?.phase).toBe('swapped');
    await store.save({ ...checkpoint!, phase: 'swapping' });

    const report = await reindex(deps);
    expect(report.resumed).toBe(true);
    expect(await allDocs(proc)).toEqual(original);
    expect((await indexUids(proc)).filter((u) => u.startsWith(config.meiliIndex))).toEqual([config.meiliIndex]);
  });

  it('runs as `ingest reindex` against the stack, with the live dedupe state', async () => {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: configToEnv(config), cwd: mkdtempSync(join(tmpdir(), 'reindex-cli-')) };
    expect(await main(['reindex', '--json', '--chunk', '4'], io), err).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ phase: 'done', processed: STORIES.length, indexed: STORIES.length });
    expect(await allDocs(proc)).toEqual(original);
  });

  it('refuses to run while another reindex holds the lock', async () => {
    const store = new CheckpointStore(proc.conns.redis, config.queuePrefix, config.meiliIndex);
    expect(await store.lock('someone-else', 10_000)).toBe(true);
    try {
      await expect(reindex(deps)).rejects.toMatchObject({ code: 'LOCKED' });
    } finally {
      await store.unlock('someone-else');
    }
  });
});
