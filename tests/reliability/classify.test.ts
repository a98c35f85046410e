import { describe, expect, it } from 'vitest';
import { MeilisearchApiError, MeilisearchRequestError } from 'meilisearch';
import { s3Failure } from '@ingest/archive';
import { ERROR_CODES, IngestError, RetryableError, isConnectionError, isDependencyUnavailable } from '@ingest/errors';
import { meiliFailure } from '@ingest/search-index';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });

describe('error classification', () => {
  it('lets the registry alone decide whether a code is retried', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      expect(new IngestError(code, 'x').permanent).toBe(ERROR_CODES[code].permanent);
      expect(new RetryableError(code, 'x').permanent).toBe(ERROR_CODES[code].permanent);
    }
    expect(ERROR_CODES.ARCHIVE_MISSING.permanent).toBe(true);
  });

  it('finds connection failures through causes and aggregate errors', () => {
    expect(isConnectionError(refused())).toBe(true);
    expect(isConnectionError(new TypeError('fetch failed', { cause: new AggregateError([refused()]) }))).toBe(true);
    expect(isConnectionError(new Error('bad request'))).toBe(false);
  });

  it('maps S3 outages (refused, 5xx) to DEPENDENCY_UNAVAILABLE and leaves 404 and 403 alone', () => {
    expect(isDependencyUnavailable(s3Failure(refused(), 'PutObject'))).toBe(true);
    expect(isDependencyUnavailable(s3Failure(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }), 'GetObject'))).toBe(true);
    expect(isDependencyUnavailable(s3Failure(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }), 'GetObject'))).toBe(false);
    expect(isDependencyUnavailable(s3Failure(Object.assign(new Error('AccessDenied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }), 'GetObject'))).toBe(false);
  });

  it('maps Meilisearch unreachable and 5xx to DEPENDENCY_UNAVAILABLE, not a 4xx', () => {
    expect(isDependencyUnavailable(meiliFailure(new MeilisearchRequestError('http://127.0.0.1:7700/indexes/x/documents/fetch', refused()), 'documents/fetch'))).toBe(true);
    expect(isDependencyUnavailable(meiliFailure(new MeilisearchApiError(new Response('', { status: 502 })), 'documents/add'))).toBe(true);
    expect(isDependencyUnavailable(meiliFailure(new MeilisearchApiError(new Response('', { status: 400 })), 'documents/add'))).toBe(false);
  });
});
