import { describe, expect, it } from 'vitest';
import { MemorySearchIndex } from '../src/index.ts';
import { testDoc } from './docs.ts';

// The fake's contract where unit tests lean on it; meili-index.test.ts checks the same on Meilisearch.
describe('MemorySearchIndex', () => {
  it('never replaces a newer version with an older one, within a batch or across batches', async () => {
    const index = new MemorySearchIndex();
    await index.upsert([testDoc('x', { version: 2_000, title: 'Newer' })]);
    expect(await index.upsert([testDoc('x', { version: 1_000, title: 'Older' })])).toEqual({ written: 0, skippedOlder: 1 });
    await index.upsert([testDoc('y', { version: 5, title: 'Y new' }), testDoc('y', { version: 3, title: 'Y old' })]);
    expect(Object.fromEntries((await index.search({ allClusterMembers: true })).hits.map((h) => [h.id, h.title]))).toEqual({ x: 'Newer', y: 'Y new' });
  });

  it('filters, shows one hit per cluster, counts facets and sorts by date', async () => {
    const index = new MemorySearchIndex();
    await index.upsert([
      testDoc('a', { publishedTs: 1_600_000_000, entities: { people: [], organizations: [], places: ['Tallinn'] } }),
      testDoc('b', { publishedTs: 1_700_000_000, language: 'de', clusterId: 'shared' }),
      testDoc('c', { publishedTs: 1_710_000_000, clusterId: 'shared', clusterRank: 1 }),
    ]);
    const res = await index.search({ text: 'story', facets: ['language', 'publishedYear'] });
    // b, not the more recent c: the cluster shows its founding member (clusterRank 0).
    expect(res.hits.map((h) => h.id)).toEqual(['b', 'a']);
    expect(res.facets).toEqual({ language: { de: 1, en: 1 }, publishedYear: { '2023': 1, '2020': 1 } });
    const asc = await index.search({ filters: [{ field: 'publishedTs', op: 'gt', value: 1_650_000_000 }], sort: { field: 'publishedTs', order: 'asc' }, allClusterMembers: true, fields: ['id'] });
    expect(asc.hits).toEqual([{ id: 'b' }, { id: 'c' }]);
    expect((await index.search({ filters: [{ field: 'entities.places', op: 'eq', value: 'Tallinn' }] })).hits.map((h) => h.id)).toEqual(['a']);
  });
});
