import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '@ingest/errors';
import type { JobFailure } from '@ingest/queue';
import { classifyPage, ENDED_CODES, type PageFacts } from '../src/audit/classify.ts';

const state = (s: Partial<PageFacts['urlState']> = {}): PageFacts['urlState'] => ({
  etag: null,
  lastModified: null,
  digest: null,
  processedDigest: null,
  docId: null,
  archiveKey: null,
  movedTo: null,
  ...s,
});
const facts = (f: Partial<Omit<PageFacts, 'fetch'>> & { fetch?: Partial<PageFacts['fetch']> } = {}): PageFacts => ({
  urlState: state(),
  downstreamPending: false,
  downstreamFailure: null,
  indexed: () => false,
  ...f,
  fetch: { state: 'completed', failure: null, returnValue: { outcome: 'done' }, finishedOn: 1, jobId: 'fetch-1', ...f.fetch },
});

const failure = (code: ErrorCode, message = 'x'): JobFailure => ({ code, message, retryable: !ERROR_CODES[code].permanent });

describe('audit page classification', () => {
  it('counts pages that ended by design as outcomes, never as lost', () => {
    for (const code of ['HTTP_GONE', 'ROBOTS_DISALLOWED', 'HTTP_CLIENT_ERROR'] as const) {
      expect(classifyPage(facts({ fetch: { state: 'failed', failure: failure(code) } }))).toEqual({ status: 'ended', outcome: code });
    }
    expect(classifyPage(facts({ fetch: { returnValue: { outcome: 'skipped', code: 'UNSUPPORTED_CONTENT_TYPE', reason: 'image/png' } } }))).toEqual({
      status: 'ended',
      outcome: 'UNSUPPORTED_CONTENT_TYPE',
    });
    expect(classifyPage(facts({ urlState: state({ digest: 'd1', processedDigest: 'd1' }) }))).toEqual({ status: 'ended', outcome: 'NO_ARTICLE' });
    expect(ENDED_CODES.has('ARCHIVE_MISSING')).toBe(false);
    expect(ENDED_CODES.has('DEPENDENCY_UNAVAILABLE')).toBe(false);
  });

  it('calls a page lost when its retries ran out or its chain stopped with nothing failed', () => {
    const v = classifyPage(facts({ fetch: { state: 'failed', failure: failure('DEPENDENCY_UNAVAILABLE', 'S3 down') } }));
    expect(v).toMatchObject({ status: 'lost', stage: 'fetch', lastError: { code: 'DEPENDENCY_UNAVAILABLE', message: 'S3 down', jobId: 'fetch-1' } });
    // A stall past the limit is a loss to repair, not an ending.
    expect(classifyPage(facts({ fetch: { state: 'failed', failure: failure('STALLED') } }))).toMatchObject({ status: 'lost', lastError: { code: 'STALLED' } });
    const stalled = { queue: 'index', jobId: 'index-a', code: 'STALLED', message: 'job stalled more than allowable limit', at: null };
    expect(classifyPage(facts({ urlState: state({ digest: 'd1', processedDigest: 'd1', docId: 'a' }), downstreamFailure: stalled }))).toMatchObject({
      status: 'lost',
      stage: 'index',
      lastError: stalled,
    });
    // Extraction never finished and no job failed: a hand-off was lost.
    expect(classifyPage(facts({ urlState: state({ digest: 'd1' }) }))).toEqual({ status: 'lost', stage: 'extract', lastError: null });
    expect(classifyPage(facts({ urlState: state({ digest: 'd1', processedDigest: 'd1', docId: 'a' }) }))).toEqual({ status: 'lost', stage: 'index', lastError: null });
  });

  it('is indexed when the document is there and pending while any job of the page is queued', () => {
    const s = state({ digest: 'd1', processedDigest: 'd1', docId: 'a' });
    expect(classifyPage(facts({ urlState: s, indexed: (id) => id === 'a' }))).toEqual({ status: 'indexed' });
    expect(classifyPage(facts({ urlState: s, downstreamPending: true }))).toEqual({ status: 'pending' });
    expect(classifyPage(facts({ fetch: { state: 'pending' } }))).toEqual({ status: 'pending' });
  });
});
