import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@ingest/errors';
import { ERROR_STATUS } from '../src/error-status.ts';

describe('HTTP status of each error code', () => {
  it('has one for every registry code and nothing else', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('blames the caller only for what the caller sent or asked for', () => {
    const clientCodes = Object.entries(ERROR_STATUS)
      .filter(([, status]) => status < 500)
      .map(([code]) => code)
      .sort();
    expect(clientCodes).toEqual(['ARCHIVE_MISSING', 'BLOCKED_NETWORK', 'INVALID_URL', 'UNSUPPORTED_SCHEME', 'URL_TOO_LONG']);
    expect(ERROR_STATUS.DEPENDENCY_UNAVAILABLE).toBe(503);
    expect(ERROR_STATUS.INVALID_RECORD).toBe(500);
  });
});
