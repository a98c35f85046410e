import { describe, expect, it } from 'vitest';
import { documentSchema, type IngestDocument } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { IndexBatcher, MemorySearchIndex, MemoryVersionGuard } from '@ingest/search-index';
import { deleteDocument } from '../src/index/stage.ts';

// The delete decision of the index stage, on the in-memory index (it used to need Meilisearch).
const doc = (id: string, version: number): IngestDocument =>
  documentSchema.parse({
    id,
    url: `https://news.example.org/${id}.html`,
    canonicalUrl: `https://news.example.org/${id}.html`,
    site: 'news.example.org',
    siteName: null,
    title: `Story ${id}`,
    description: null,
    authors: [],
    publishedAt: null,
    publishedTs: null,
    modifiedAt: null,
    language: 'en',
    languageConfidence: 1,
    section: null,
    tags: [],
    entities: { people: [], organizations: [], places: [] },
    keywords: [],
    body: 'Body.',
    related: [],
    image: null,
    wordCount: 1,
    readingTimeMinutes: 1,
    archiveKey: `raw/${id}`,
    contentDigest: '0'.repeat(64),
    fetchedAt: '2026-01-01T00:00:00.000Z',
    clusterId: `c${id}`,
    version,
  });

function setup() {
  const searchIndex = new MemorySearchIndex();
  const batcher = new IndexBatcher(searchIndex, { maxSize: 10, maxWaitMs: 10 });
  return { searchIndex, batcher, ctx: { log: createLogger({ level: 'silent' }) } };
}

describe('index stage: delete', () => {
  it('removes the indexed version when the removal was decided after it', async () => {
    const { searchIndex, batcher, ctx } = setup();
    await searchIndex.upsert([doc('gone1', 100)]);
    const res = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'gone1', reason: 'gone', version: 200 }, ctx);
    expect(res).toEqual({ outcome: 'removed', reason: 'gone', docId: 'gone1' });
    expect(await searchIndex.get('gone1')).toBeNull();
  });

  it('keeps a version fetched after the removal was decided', async () => {
    const { searchIndex, batcher, ctx } = setup();
    await searchIndex.upsert([doc('back1', 300)]);
    const res = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'back1', reason: 'moved', version: 200 }, ctx);
    expect(res.outcome).toBe('unchanged');
    expect(res.code).toBe('NEWER_VERSION');
    expect((await searchIndex.get('back1', ['version']))?.version).toBe(300);
  });

  it('flushes a pending upsert first, so a batch cannot re-add the document behind the delete', async () => {
    const { searchIndex, batcher, ctx } = setup();
    const upsert = batcher.submit(doc('late1', 100));
    const res = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'late1', reason: 'noindex', version: 200 }, ctx);
    await upsert;
    expect(res.outcome).toBe('removed');
    expect(await searchIndex.count()).toBe(0);
  });

  it('says so when the document is not indexed', async () => {
    const { searchIndex, batcher, ctx } = setup();
    const res = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'never1', reason: 'gone', version: 1 }, ctx);
    expect(res).toMatchObject({ outcome: 'unchanged', docId: 'never1' });
    expect(res.code).toBe('NOT_INDEXED');
  });

  // Template learning re-extracts a page (a template-only home page is removed) while the first
  // extraction's upsert of the same fetch may still be on its way: whichever job runs first, the
  // removal must win over that fetch and lose to a later one.
  describe('with the cross-process version guard', () => {
    function guarded() {
      const searchIndex = new MemorySearchIndex();
      const guard = new MemoryVersionGuard();
      const batcher = new IndexBatcher(searchIndex, { maxSize: 10, maxWaitMs: 10, guard });
      return { searchIndex, guard, batcher, ctx: { log: createLogger({ level: 'silent' }) } };
    }

    it('refuses an upsert of the same fetch that arrives after the removal', async () => {
      const { searchIndex, batcher, ctx } = guarded();
      const res = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'home1', reason: 'gone', version: 500 }, ctx);
      expect(res.code).toBe('NOT_INDEXED');
      expect(await batcher.submit(doc('home1', 500))).toEqual({ written: false });
      expect(await searchIndex.get('home1')).toBeNull();
    });

    it('removes an upsert of the same fetch claimed before it, even while it is still being indexed', async () => {
      const { searchIndex, batcher, ctx } = guarded();
      searchIndex.hold();
      const upsert = batcher.submit(doc('home2', 500));
      await expect.poll(() => searchIndex.inFlight).toBe(1); // its batch is sent, and held
      const removal = deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'home2', reason: 'gone', version: 500 }, ctx);
      searchIndex.release();
      await upsert;
      await removal;
      expect(await searchIndex.get('home2')).toBeNull();
    });

    it('keeps a later fetch: the removal claims only its own fetch', async () => {
      const { searchIndex, guard, batcher, ctx } = guarded();
      await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'back2', reason: 'gone', version: 500 }, ctx);
      expect(await batcher.submit(doc('back2', 501))).toEqual({ written: true });
      expect((await searchIndex.get('back2', ['version']))?.version).toBe(501);
      const late = await deleteDocument({ searchIndex }, batcher, { op: 'delete', docId: 'back2', reason: 'gone', version: 500 }, ctx);
      expect(late.code).toBe('NEWER_VERSION');
      expect(guard.versions.get('back2')).toBe(501);
    });
  });
});
