import { describe, expect, it } from 'vitest';
import { IngestError } from '@ingest/errors';
import { normalizeUrl, documentId } from '../src/index.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof IngestError ? err.code : 'not-ingest-error';
  }
  return undefined;
}

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM/a', 'http://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com/a#section', 'http://example.com/a'],
    ['http://example.com/a?', 'http://example.com/a'],
    ['http://example.com/a?b=2&a=1', 'http://example.com/a?a=1&b=2'],
    ['http://example.com/a?utm_source=x&id=5&fbclid=abc&UTM_Medium=y&gclid=1', 'http://example.com/a?id=5'],
    ['http://example.com/a?utm_source=x', 'http://example.com/a'],
    ['http://example.com/a?dclid=1&msclkid=2&mc_cid=3&mc_eid=4&igshid=5&_ga=6&yclid=7&ref_src=8&q=1', 'http://example.com/a?q=1'],
    ['http://bücher.example/straße', 'http://xn--bcher-kva.example/stra%C3%9Fe'],
    ['http://example.com/%7euser/%2f%3a', 'http://example.com/~user/%2F%3A'],
    ['http://user:pw@example.com/', 'http://example.com/'],
    ['http://example.com./a', 'http://example.com/a'],
    ['  http://example.com/a  ', 'http://example.com/a'],
    ['http://example.com/a?x=a%20b&x=a+b', 'http://example.com/a?x=a%20b&x=a+b'],
    ['http://example.com/a?b&a=&c=3', 'http://example.com/a?a=&b&c=3'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('resolves against a base', () => {
    expect(normalizeUrl('../x?utm_campaign=1#f', 'https://example.com/a/b/c')).toBe('https://example.com/a/x');
    expect(normalizeUrl('//other.org/p', 'https://example.com/')).toBe('https://other.org/p');
  });

  it('is idempotent', () => {
    const once = normalizeUrl('HTTP://WWW.Example.com:80/a/../b/%7e?z=1&utm_x=2&a=%2f#x');
    expect(normalizeUrl(once)).toBe(once);
  });

  it('rejects invalid, non-http and long URLs with typed errors', () => {
    expect(codeOf(() => normalizeUrl('not a url'))).toBe('INVALID_URL');
    expect(codeOf(() => normalizeUrl('/relative/only'))).toBe('INVALID_URL');
    expect(codeOf(() => normalizeUrl('ftp://example.com/'))).toBe('UNSUPPORTED_SCHEME');
    expect(codeOf(() => normalizeUrl('javascript:alert(1)'))).toBe('UNSUPPORTED_SCHEME');
    expect(codeOf(() => normalizeUrl('file:///etc/passwd'))).toBe('UNSUPPORTED_SCHEME');
    expect(codeOf(() => normalizeUrl('http://example.com/' + 'a'.repeat(2100)))).toBe('URL_TOO_LONG');
    expect(codeOf(() => normalizeUrl('http://example.com/' + 'a'.repeat(100), undefined, { maxLength: 50 }))).toBe('URL_TOO_LONG');
    expect(codeOf(() => normalizeUrl('http://example.com/' + 'a'.repeat(20_000)))).toBe('URL_TOO_LONG');
  });

  it('errors are permanent', () => {
    try {
      normalizeUrl('mailto:x@example.com');
    } catch (err) {
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).permanent).toBe(true);
    }
  });
});

describe('documentId', () => {
  it('is 32 lowercase hex chars and stable', () => {
    const id = documentId('https://example.com/a');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(documentId('https://example.com/a')).toBe(id);
    expect(documentId('https://example.com/b')).not.toBe(id);
  });
});
