import { ERROR_CODES, type ErrorCode } from '@ingest/errors';
import type { JobFailure } from '@ingest/queue';
import type { UrlState } from '../state/url-state.ts';

/** Where a page's chain of jobs stopped, and why (the failed job's reason or the failure log). */
export interface LastError {
  queue: string;
  jobId: string | null;
  code: string;
  message: string;
  at: string | null;
}

export type PageStatus = 'indexed' | 'ended' | 'pending' | 'lost';

export interface PageVerdict {
  status: PageStatus;
  /** For `ended`: the code that legitimately ended the page (NO_ARTICLE, HTTP_GONE, …). */
  outcome?: string;
  /** For `lost`: the stage the page reached last. */
  stage?: 'fetch' | 'render' | 'extract' | 'index';
  lastError?: LastError | null;
}

/** What the audit knows about one accepted URL. */
export interface PageFacts {
  fetch: { state: 'pending' | 'completed' | 'failed'; failure: JobFailure | null; returnValue: { outcome?: string; code?: string; reason?: string } | null; finishedOn: number | null; jobId: string };
  urlState: UrlState;
  /** A job for this page is waiting, active or delayed in a later stage. */
  downstreamPending: boolean;
  /** The deepest failed later-stage job for this page, if any. */
  downstreamFailure: LastError | null;
  indexed: (docId: string) => boolean;
}

/**
 * Codes that end a page without a document by design: it is gone, forbidden, not an article, or
 * the page itself is at fault (4xx, too large, redirect loop). ARCHIVE_MISSING, INVALID_PAYLOAD,
 * and every retryable code that ran out of attempts are losses: the page should be in the index.
 */
export const ENDED_CODES: ReadonlySet<string> = new Set(
  (Object.entries(ERROR_CODES) as [ErrorCode, { permanent: boolean }][])
    .filter(([code, info]) => info.permanent && code !== 'ARCHIVE_MISSING' && code !== 'INVALID_PAYLOAD' && code !== 'INVALID_RECORD')
    .map(([code]) => code),
);

export function classifyPage(f: PageFacts): PageVerdict {
  const s = f.urlState;
  if (f.fetch.state === 'pending' || f.downstreamPending) return { status: 'pending' };
  const failure = f.fetch.state === 'failed' ? f.fetch.failure : null;
  if (failure && ENDED_CODES.has(failure.code)) return { status: 'ended', outcome: failure.code };
  if (s.docId && f.indexed(s.docId)) return { status: 'indexed' };
  if (f.fetch.state === 'completed') {
    const rv = f.fetch.returnValue;
    if (rv?.outcome === 'skipped') return { status: 'ended', outcome: rv.code ?? 'SKIPPED' };
    if (f.fetch.returnValue?.outcome === 'removed') return { status: 'ended', outcome: 'REMOVED' };
  }
  // Extraction finished for the bytes last archived and found no article.
  if (s.processedDigest !== null && s.processedDigest === s.digest && s.docId === null) return { status: 'ended', outcome: 'NO_ARTICLE' };

  if (f.downstreamFailure) return { status: 'lost', stage: f.downstreamFailure.queue as PageVerdict['stage'], lastError: f.downstreamFailure };
  if (f.fetch.state === 'failed') {
    return {
      status: 'lost',
      stage: 'fetch',
      lastError: {
        queue: 'fetch',
        jobId: f.fetch.jobId,
        code: f.fetch.failure?.code ?? 'INTERNAL',
        message: f.fetch.failure?.message ?? '',
        at: f.fetch.finishedOn ? new Date(f.fetch.finishedOn).toISOString() : null,
      },
    };
  }
  // Nothing failed and nothing is pending, yet no document: a hand-off between stages was lost.
  // With a document id, extraction made the document and its index job went missing.
  const stage = s.docId ? 'index' : 'extract';
  return { status: 'lost', stage, lastError: null };
}
