import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexBatcher, MemorySearchIndex } from '../src/index.ts';
import { testDoc } from './docs.ts';

// The batcher's scheduling against the in-memory index: fake timers close windows, hold() keeps
// sent upserts "being indexed" until the test releases them.
describe('IndexBatcher scheduling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps filling a partial batch while one is indexed, and sends it once that one settles', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 10, maxWaitMs: 50 });
    index.hold();
    const first = batcher.submit(testDoc('a'));
    await vi.advanceTimersByTimeAsync(60);
    expect(index.sent).toEqual([1]);
    const later = [batcher.submit(testDoc('b')), batcher.submit(testDoc('c'))];
    await vi.advanceTimersByTimeAsync(500);
    // The window of b and c closed long ago, but a is still being indexed: they wait for it.
    expect(index.sent).toEqual([1]);
    index.release();
    expect(await first).toEqual({ written: true });
    await vi.waitFor(() => expect(index.sent).toEqual([1, 2]));
    expect(await Promise.all(later)).toEqual([{ written: true }, { written: true }]);
    expect(await index.count()).toBe(3);
  });

  it('sends a full batch at once even while another is indexed', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 2, maxWaitMs: 50 });
    index.hold();
    const jobs = ['a', 'b', 'c', 'd'].map((id) => batcher.submit(testDoc(id)));
    await vi.waitFor(() => expect(index.sent).toEqual([2, 2]));
    index.release();
    await Promise.all(jobs);
  });

  it('with fillWhileBusy false, sends each batch when its window closes (the earlier behaviour)', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 10, maxWaitMs: 50, fillWhileBusy: false });
    index.hold();
    const jobs = [batcher.submit(testDoc('a'))];
    await vi.advanceTimersByTimeAsync(60);
    jobs.push(batcher.submit(testDoc('b')));
    await vi.advanceTimersByTimeAsync(60);
    expect(index.sent).toEqual([1, 1]);
    index.release();
    await Promise.all(jobs);
  });

  it('never has more than maxInFlight upserts being indexed', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 2, maxWaitMs: 50, maxInFlight: 2 });
    index.hold();
    const jobs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => batcher.submit(testDoc(id)));
    await vi.advanceTimersByTimeAsync(500);
    expect(index.sent).toEqual([2, 2]);
    index.release();
    await Promise.all(jobs);
    expect(index.sent).toEqual([2, 2, 2, 2]);
    expect(index.maxInFlight).toBe(2);
  });

  it('drops an older copy while the newer one is still being indexed', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 1, maxWaitMs: 50 });
    index.hold();
    const newer = batcher.submit(testDoc('z', { version: 9, title: 'Nine' }));
    const older = batcher.submit(testDoc('z', { version: 4, title: 'Four' }));
    await vi.waitFor(() => expect(index.sent).toEqual([1, 0]));
    index.release();
    expect(await newer).toEqual({ written: true });
    expect(await older).toEqual({ written: false });
    expect((await index.get('z'))?.title).toBe('Nine');
  });

  it('rejects the jobs of a batch the index cannot take, and sends the next batch', async () => {
    const index = new MemorySearchIndex();
    const batcher = new IndexBatcher(index, { maxSize: 2, maxWaitMs: 50 });
    index.up = false;
    const failed = [batcher.submit(testDoc('a')), batcher.submit(testDoc('b'))].map((p) => p.catch((e: unknown) => e));
    for (const err of await Promise.all(failed)) expect(err).toBeInstanceOf(Error);
    index.up = true;
    expect(await Promise.all([batcher.submit(testDoc('c')), batcher.submit(testDoc('d'))])).toEqual([{ written: true }, { written: true }]);
  });
});
