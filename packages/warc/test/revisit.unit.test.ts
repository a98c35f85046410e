import { WARCParser } from 'warcio';
import { describe, expect, it } from 'vitest';
import { SERVER_NOT_MODIFIED_PROFILE, warcDigest, warcRevisitRecords } from '../src/index.ts';

describe('revisit records for 304 answers', () => {
  const input = {
    url: 'https://example.org/news/a.html',
    date: '2026-11-29T10:00:00.000Z',
    request: { headers: { host: 'example.org', 'if-none-match': '"v1"' } },
    response: { status: 304, statusText: 'Not Modified', headers: { etag: '"v1"' } },
    refersTo: { targetUri: 'https://example.org/news/a.html', date: '2026-11-28T09:00:00.000Z', payloadDigest: warcDigest(Buffer.from('<html>v1</html>')) },
  };

  it('are read by warcio as request + revisit with the server-not-modified profile', async () => {
    const parser = new WARCParser([warcRevisitRecords(input)]);
    const records = [];
    for await (const r of parser) {
      await r.readFully();
      records.push(r);
    }
    expect(records.map((r) => r.warcType)).toEqual(['request', 'revisit']);
    const revisit = records[1]!;
    expect(revisit.warcHeaders.headers.get('WARC-Profile')).toBe(SERVER_NOT_MODIFIED_PROFILE);
    expect(revisit.warcHeaders.headers.get('WARC-Refers-To-Target-URI')).toBe(input.url);
    expect(revisit.warcHeaders.headers.get('WARC-Refers-To-Date')).toBe('2026-11-28T09:00:00.000Z');
    expect(revisit.warcHeaders.headers.get('WARC-Payload-Digest')).toBe(input.refersTo.payloadDigest);
    expect(revisit.httpHeaders?.statusCode).toBe(304);
  });

  it('are deterministic for the same input', () => {
    expect(Buffer.compare(warcRevisitRecords(input), warcRevisitRecords(input))).toBe(0);
  });
});
