import { describe, expect, it } from 'vitest';
import { CONTENT_DIGEST_PATTERN, documentId, isDocumentId, sha256Hex, shortHash } from '../src/index.ts';

describe('ids', () => {
  it('document ids are stable, 32 hex characters, and valid Meilisearch ids', () => {
    const id = documentId('https://example.com/a');
    expect(id).toBe(documentId('https://example.com/a'));
    expect(id).not.toBe(documentId('https://example.com/b'));
    expect(id).toMatch(/^[a-f0-9]{32}$/);
    expect(isDocumentId(id)).toBe(true);
  });
  it('refuses ids Meilisearch would refuse', () => {
    expect(isDocumentId('a/b')).toBe(false);
    expect(isDocumentId('')).toBe(false);
    expect(isDocumentId('x'.repeat(512))).toBe(false);
  });
  it('short hashes are prefixes of the SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(shortHash('abc', 8)).toBe('ba7816bf');
    expect(CONTENT_DIGEST_PATTERN.test(sha256Hex('abc'))).toBe(true);
  });
});
