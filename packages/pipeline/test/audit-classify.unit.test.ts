import { describe, expect, it } from 'vitest';
import { classifyPage, codeOfReason, ENDED_CODES, type PageFacts } from '../src/audit/classify.ts';

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
  fetch: { state: 'completed', failedReason: null, returnValue: { outcome: 'done' }, finishedOn: 1, jobId: 'fetch-1', ...f.fetch },
});

describe('audit page classification', () => {
  it('reads codes from failed reasons, including BullMQ stalls', () => {
    expect(codeOfReason('HTTP_SERVER_ERROR: 500 from http://x')).toBe('HTTP_SERVER_ERROR');
    expect(codeOfReason('job stalled more than allowable limit')).toBe('STALLED');
    expect(codeOfReason('something odd')).toBe('INTERNAL');
    expect(codeOfReason(null)).toBe('UNKNOWN');
  });

  it('counts pages that ended by design as outcomes, never as lost', () => {
    for (const code of ['HTTP_GONE', 'ROBOTS_DISALLOWED', 'HTTP_CLIENT_ERROR']) {
      expect(classifyPage(facts({ fetch: { state: 'failed', failedReason: `${code}: x` } }))).toEqual({ status: 'ended', outcome: code });
    }
    expect(classifyPage(facts({ fetch: { returnValue: { outcome: 'skipped', reason: 'UNSUPPORTED_CONTENT_TYPE: image/png' } } }))).toEqual({ status: 'ended', outcome: 'UNSUPPORTED_CONTENT_TYPE' });
    expect(classifyPage(facts({ urlState: state({ digest: 'd1', processedDigest: 'd1' }) }))).toEqual({ status: 'ended', outcome: 'NO_ARTICLE' });
    expect(ENDED_CODES.has('ARCHIVE_MISSING')).toBe(false);
    expect(ENDED_CODES.has('DEPENDENCY_UNAVAILABLE')).toBe(false);
  });

  it('calls a page lost when its retries ran out or its chain stopped with nothing failed', () => {
    const v = classifyPage(facts({ fetch: { state: 'failed', failedReason: 'DEPENDENCY_UNAVAILABLE: S3 down' } }));
    expect(v).toMatchObject({ status: 'lost', stage: 'fetch', lastError: { code: 'DEPENDENCY_UNAVAILABLE', jobId: 'fetch-1' } });
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
