import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { RetryableError } from '@ingest/errors';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Settings } from 'meilisearch';
import { IndexBatcher, MeiliSearchIndex, indexSettings, type Filter } from '../src/index.ts';
import { testDoc } from './docs.ts';

const configs: Config[] = [];

async function freshIndex(settings?: Settings): Promise<MeiliSearchIndex> {
  const config = testConfig();
  configs.push(config);
  const index = new MeiliSearchIndex({ host: config.meiliUrl!, apiKey: config.meiliMasterKey, uid: config.meiliIndex, ...(settings ? { settings } : {}) });
  await index.ensureSettings();
  return index;
}

afterEach(async () => {
  await Promise.all(configs.splice(0).map(cleanupTest));
});

describe('index settings', () => {
  it('are applied once: a second run changes nothing and enqueues no task', async () => {
    const index = await freshIndex();
    const tasks = () => index.client.tasks.getTasks({ indexUids: [index.uid] }).then((t) => t.results.map((r) => r.type).sort());
    expect(await tasks()).toEqual(['indexCreation', 'settingsUpdate']);
    expect(await index.applySettings()).toEqual([]);
    await index.ensureSettings();
    expect(await tasks()).toEqual(['indexCreation', 'settingsUpdate']);

    const s = await index.client.index(index.uid).getSettings();
    expect(s.distinctAttribute).toBe('clusterId');
    expect(s.sortableAttributes).toContain('publishedTs');
    expect(s.rankingRules?.at(-1)).toBe('publishedTs:desc');
    expect(s.searchableAttributes?.[0]).toBe('title');
  });

  it('supports the filters the UI and API use: facets, ranges on time, entities, clusters', async () => {
    const index = await freshIndex();
    await index.upsert([
      testDoc('a', { publishedTs: 1_600_000_000, entities: { people: ['Kaja Kallas'], organizations: [], places: ['Tallinn'] }, tags: ['Baltics'] }),
      testDoc('b', { publishedTs: 1_700_000_000, language: 'de', clusterId: 'shared' }),
      testDoc('c', { publishedTs: 1_710_000_000, clusterId: 'shared' }),
    ]);
    const ids = async (...filters: Filter[]) => (await index.search({ filters, sort: { field: 'publishedTs', order: 'asc' }, allClusterMembers: true })).hits.map((h) => h.id);
    expect(await ids({ field: 'publishedTs', op: 'gt', value: 1_650_000_000 })).toEqual(['b', 'c']);
    expect(await ids({ field: 'publishedYear', op: 'eq', value: 2020 })).toEqual(['a']);
    expect(await ids({ field: 'entities.places', op: 'eq', value: 'Tallinn' }, { field: 'tags', op: 'eq', value: 'Baltics' })).toEqual(['a']);
    expect(await ids({ field: 'language', op: 'eq', value: 'de' })).toEqual(['b']);
    expect(await ids({ field: 'clusterId', op: 'eq', value: 'shared' })).toEqual(['b', 'c']);
    expect(await ids({ field: 'id', op: 'in', values: ['a', 'c', 'zz'] })).toEqual(['a', 'c']);
    expect(await ids({ field: 'clusterId', op: 'eq', value: 'shared' }, { field: 'id', op: 'ne', value: 'b' })).toEqual(['c']);
    // The distinct attribute collapses a cluster to one hit.
    expect((await index.search({ text: 'story' })).hits).toHaveLength(2);
  });

  // SEARCH_PROXIMITY=word, the default: a quoted phrase matches only side by side.
  it('matches a quoted phrase only where its words are side by side (default proximity)', async () => {
    const index = await freshIndex();
    await index.upsert([
      testDoc('p1', { body: 'The harbour strike ended on Monday.', publishedTs: 1_500_000_000 }),
      testDoc('p2', { body: 'The strike at the harbour ended on Monday.', publishedTs: 1_500_000_000 }),
    ]);
    expect((await index.search({ text: '"harbour strike"', allClusterMembers: true })).hits.map((h) => h.id)).toEqual(['p1']);
  });

  // SEARCH_PROXIMITY=attribute: words count as close when they are in the same field, so a quoted
  // phrase matches its words anywhere in one field, not only side by side.
  it('with attribute proximity, ranks query words in one field above words spread over fields; a quoted phrase needs one field', async () => {
    const index = await freshIndex(indexSettings('attribute'));
    await index.upsert([
      testDoc('p1', { body: 'The harbour strike ended on Monday.', publishedTs: 1_500_000_000 }),
      testDoc('p2', { body: 'The strike at the harbour ended on Monday.', publishedTs: 1_500_000_000 }),
      testDoc('p3', { title: 'Harbour news', body: 'The strike ended on Monday.', publishedTs: 1_720_000_000 }),
    ]);
    const ids = async (text: string) => (await index.search({ text, allClusterMembers: true })).hits.map((h) => h.id);
    expect((await ids('"harbour strike"')).sort()).toEqual(['p1', 'p2']);
    // p3 is the most recent and has a word in its title, but its words are in two fields.
    expect((await ids('harbour strike')).at(-1)).toBe('p3');
  });

  it('favours the more recent article when relevance ties', async () => {
    const index = await freshIndex();
    await index.upsert([testDoc('old', { title: 'Harbour strike', publishedTs: 1_500_000_000 }), testDoc('new', { title: 'Harbour strike', publishedTs: 1_720_000_000 })]);
    expect((await index.search({ text: 'harbour strike' })).hits.map((h) => h.id)).toEqual(['new', 'old']);
  });
});

describe('versioned upserts', () => {
  it('never replace a newer version with an older one', async () => {
    const index = await freshIndex();
    await index.upsert([testDoc('x', { version: 2_000, title: 'Newer' })]);
    expect(await index.upsert([testDoc('x', { version: 1_000, title: 'Older' })])).toEqual({ written: 0, skippedOlder: 1 });
    // Within one batch, the newest copy wins whatever the order.
    await index.upsert([testDoc('y', { version: 5, title: 'Y new' }), testDoc('y', { version: 3, title: 'Y old' })]);
    const docs = Object.fromEntries((await index.search({ allClusterMembers: true })).hits.map((h) => [h.id, h.title]));
    expect(docs).toEqual({ x: 'Newer', y: 'Y new' });
  });

  it('drops an older copy while the newer one is still in flight in an earlier batch', async () => {
    const index = await freshIndex();
    const batcher = new IndexBatcher(index, { maxSize: 1, maxWaitMs: 1_000, maxInFlight: 4 });
    const newer = batcher.submit(testDoc('z', { version: 9, title: 'Nine' }));
    const older = batcher.submit(testDoc('z', { version: 4, title: 'Four' }));
    expect(await newer).toEqual({ written: true });
    expect(await older).toEqual({ written: false });
    expect((await index.get('z'))?.title).toBe('Nine');
  });
});

describe('IndexBatcher', () => {
  it('sends a batch as soon as it is full, without waiting for the time window', async () => {
    const index = await freshIndex();
    const sizes: number[] = [];
    const batcher = new IndexBatcher(index, { maxSize: 3, maxWaitMs: 60_000, onBatch: (n) => sizes.push(n) });
    const started = Date.now();
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => batcher.submit(testDoc(id))));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(sizes).toEqual([3, 3]);
    expect(await index.count()).toBe(6);
  });

  it('sends a partial batch when its time window closes', async () => {
    const index = await freshIndex();
    const sizes: number[] = [];
    const batcher = new IndexBatcher(index, { maxSize: 100, maxWaitMs: 300, onBatch: (n) => sizes.push(n) });
    const started = performance.now();
    await Promise.all([batcher.submit(testDoc('a')), batcher.submit(testDoc('b'))]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(sizes).toEqual([2]);
  });

  it('rejects every job of a batch whose task failed, and keeps later batches working', async () => {
    const index = await freshIndex();
    const batcher = new IndexBatcher(index, { maxSize: 3, maxWaitMs: 60_000, maxInFlight: 4 });
    // Meilisearch fails the whole task for one invalid document id.
    const bad = { ...testDoc('ok1'), id: 'not a valid id!' };
    const failing = [batcher.submit(testDoc('ok1')), batcher.submit(bad), batcher.submit(testDoc('ok2'))].map((p) =>
      p.then(
        () => null,
        (e: unknown) => e,
      ),
    );
    const next = [batcher.submit(testDoc('ok3')), batcher.submit(testDoc('ok4')), batcher.submit(testDoc('ok5'))];
    for (const err of await Promise.all(failing)) {
      expect(err).toBeInstanceOf(RetryableError);
      expect((err as RetryableError).code).toBe('INDEX_TASK_FAILED');
    }
    await Promise.all(next);
    const ids = (await index.search({ allClusterMembers: true, limit: 10 })).hits.map((h) => h.id).sort();
    expect(ids).toEqual(['ok3', 'ok4', 'ok5']);
  });

  it('flush waits for every batch in flight', async () => {
    const index = await freshIndex();
    const batcher = new IndexBatcher(index, { maxSize: 2, maxWaitMs: 60_000, maxInFlight: 4 });
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((id) => batcher.submit(testDoc(id)));
    await batcher.flush();
    expect(await index.count()).toBe(5);
    await Promise.all(jobs);
  });
});
