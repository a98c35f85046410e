import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { sha256Hex } from '@ingest/ids';
import { readWarcRecords, warcDigest } from '@ingest/warc';
import { decodeCapture, encodeCapture, warcKey } from '../src/index.ts';

const body = Buffer.from('<html><body>Привет, bytes as sent \u00e9</body></html>', 'utf8');
const input = {
  url: 'http://example.org/old',
  finalUrl: 'http://example.org/new',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', etag: '"abc"' },
  fetchedAt: '2026-03-04T05:06:07.089Z',
  redirects: [{ url: 'http://example.org/old', status: 301 }],
  body,
  requestHeaders: { host: 'example.org', 'user-agent': 'IngestBot/0.1' },
  remoteAddress: '93.184.216.34',
};

describe('WARC captures', () => {
  it('round-trips status, headers, payload and our metadata', async () => {
    const digest = sha256Hex(body);
    const { meta, body: back } = decodeCapture('k', await encodeCapture(input, digest));
    expect(Buffer.compare(back, body)).toBe(0);
    expect(meta).toMatchObject({ url: input.url, finalUrl: input.finalUrl, status: 200, fetchedAt: input.fetchedAt, redirects: input.redirects, contentDigest: digest, size: body.length });
    expect(meta.headers.etag).toBe('"abc"');
    // The stored body is decoded, so the original framing header is kept under another name.
    expect(meta.headers['x-archive-orig-content-encoding']).toBe('gzip');
  });

  it('is deterministic and readable by warcio, with a metadata record referring to the response', async () => {
    const digest = sha256Hex(body);
    const a = await encodeCapture(input, digest);
    expect(Buffer.compare(a, await encodeCapture(input, digest))).toBe(0);
    // The payload digest given from the archive key's digest is the one of the body itself.
    const response = readWarcRecords(a).find((r) => r.type === 'response');
    expect(response?.get('WARC-Payload-Digest')).toBe(warcDigest(body));
    const records: { type: string; refersTo: string | null; id: string | null }[] = [];
    for await (const r of new WARCParser([a])) {
      await r.readFully(false);
      records.push({ type: r.warcType ?? '', refersTo: r.warcHeaders.headers.get('WARC-Refers-To') ?? null, id: r.warcHeaders.headers.get('WARC-Record-ID') ?? null });
    }
    expect(records.map((r) => r.type)).toEqual(['request', 'response', 'metadata']);
    expect(records[2]!.refersTo).toBe(records[1]!.id);
  });

  it('keys group by host and day and depend on URL and content only', () => {
    const d = sha256Hex(body);
    expect(warcKey('http://example.org:8080/a', d, '2026-03-04')).toMatch(new RegExp(`^warc/example\\.org_8080/2026-03-04/[0-9a-f]{16}-${d}\\.warc\\.gz$`));
    expect(warcKey('http://example.org/a', d, '2026-03-04')).not.toBe(warcKey('http://example.org/b', d, '2026-03-04'));
    expect(() => warcKey('http://example.org/a', d, '2026-3-4')).toThrow(RangeError);
  });

  it('a corrupted object is ARCHIVE_MISSING with what to do', () => {
    expect(() => decodeCapture('k', Buffer.from('not a warc'))).toThrowError(expect.objectContaining({ code: 'ARCHIVE_MISSING' }));
  });
});
