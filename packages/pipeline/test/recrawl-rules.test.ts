import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { FetchResponse } from '@ingest/fetch';
import { documentId } from '@ingest/urls';
import { supersededDocId } from '../src/fetch/index-effects.ts';
import { runIdOf, runKey } from '../src/discover/run-id.ts';
import { UrlStateStore, type UrlState } from '../src/state/url-state.ts';

const store = new UrlStateStore({} as Redis, '{t}');
const empty: UrlState = { etag: null, lastModified: null, digest: null, processedDigest: null, docId: null, archiveKey: null, movedTo: null };
const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);

describe('recrawl rules', () => {
  it('sends validators only when what they describe was fully processed', () => {
    expect(store.conditionalFor(empty)).toBeUndefined();
    expect(store.conditionalFor({ ...empty, etag: '"x"', digest: D1, processedDigest: null })).toBeUndefined();
    expect(store.conditionalFor({ ...empty, etag: '"x"', digest: D2, processedDigest: D1 })).toBeUndefined();
    expect(store.conditionalFor({ ...empty, etag: '"x"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT', digest: D1, processedDigest: D1 })).toEqual({
      etag: '"x"',
      lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
  });

  it('unchanged means the same digest was processed before', () => {
    expect(store.isUnchanged(empty, D1)).toBe(false);
    expect(store.isUnchanged({ ...empty, processedDigest: D1 }, D1)).toBe(true);
    expect(store.isUnchanged({ ...empty, processedDigest: D1 }, D2)).toBe(false);
  });

  it('only a permanent first hop supersedes the old document', () => {
    const res = (redirects: { url: string; status: number }[], finalUrl: string) => ({ redirects, finalUrl }) as FetchResponse;
    const old = 'http://a.example/old';
    expect(supersededDocId(old, res([{ url: old, status: 301 }], 'http://a.example/new'), empty)).toBe(documentId(old));
    expect(supersededDocId(old, res([{ url: old, status: 308 }], 'http://a.example/new'), { ...empty, docId: 'canon' })).toBe('canon');
    expect(supersededDocId(old, res([{ url: old, status: 302 }], 'http://a.example/new'), empty)).toBeNull();
    expect(supersededDocId(old, res([], old), empty)).toBeNull();
  });

  it('run ids follow the discover job id, so a retried job continues its run', () => {
    expect(runIdOf('repeat:source-news:1700000000000')).toBe(runIdOf('repeat:source-news:1700000000000'));
    expect(runIdOf('repeat:source-news:1700000000000')).not.toBe(runIdOf('repeat:source-news:1700000060000'));
    expect(runKey('news', 'r1')).toMatch(/^[0-9a-f]{24}$/);
  });
});
