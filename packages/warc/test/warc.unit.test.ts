import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { WARCParser } from 'warcio';
import { describe, expect, it } from 'vitest';
import { base32, readWarcRecords, readWarcResponse, warcRecords, type WarcExchange } from '../src/index.ts';

const BODY = Buffer.concat([Buffer.from('<!doctype html><title>Привет</title>'), Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0x80])]);

const exchange: WarcExchange = {
  url: 'https://news.example.com/2024/story?id=5',
  date: '2024-05-01T12:34:56.789Z',
  ipAddress: '93.184.216.34',
  request: {
    headers: { host: 'news.example.com', 'user-agent': 'IngestBot/1.0', accept: 'text/html', 'accept-encoding': 'gzip, br' },
  },
  response: {
    status: 200,
    headers: [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Encoding', 'gzip'],
      ['Content-Length', '123'],
      ['ETag', '"abc"'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ],
    body: BODY,
  },
};

async function parseWithWarcio(buf: Buffer) {
  const parser = new WARCParser([buf]);
  const out: { type: string | null | undefined; warc: Record<string, string>; status?: number | undefined; statusText?: string; http: [string, string][]; payload: Buffer }[] = [];
  for await (const record of parser) {
    const warc: Record<string, string> = {};
    record.warcHeaders.headers.forEach((v: string, k: string) => (warc[k] = v));
    const http: [string, string][] = [];
    record.httpHeaders?.headers.forEach((v: string, k: string) => http.push([k, v]));
    const payload = Buffer.from(await record.readFully(false));
    out.push({
      type: record.warcType,
      warc,
      status: record.httpHeaders ? Number(record.httpHeaders.statusCode) : undefined,
      statusText: record.httpHeaders?.statusText,
      http,
      payload,
    });
  }
  return out;
}

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ])('RFC 4648 vector %j', (input, expected) => {
    expect(base32(Buffer.from(input))).toBe(expected);
  });
});

describe('warcRecords', () => {
  const buf = warcRecords(exchange);

  it('is a concatenation of one gzip member per record', () => {
    expect(buf[0]).toBe(0x1f);
    expect(buf[1]).toBe(0x8b);
    const text = gunzipSync(buf).toString('latin1');
    expect(text.match(/^WARC\/1\.1\r\n/gm)).toHaveLength(2);
    // Two members: the second gzip header starts right after the first member.
    const members = buf.toString('latin1').split('\x1f\x8b\x08').length - 1;
    expect(members).toBeGreaterThanOrEqual(2);
  });

  it('reads back with warcio: headers, digests and byte-identical payload', async () => {
    const records = await parseWithWarcio(buf);
    expect(records.map((r) => r.type)).toEqual(['request', 'response']);
    const [req, res] = records as [(typeof records)[0], (typeof records)[0]];

    expect(res.warc['warc-target-uri']).toBe(exchange.url);
    expect(res.warc['warc-date']).toBe('2024-05-01T12:34:56.789Z');
    expect(res.warc['warc-ip-address']).toBe('93.184.216.34');
    expect(res.warc['content-type']).toBe('application/http;msgtype=response');
    expect(res.warc['warc-record-id']).toMatch(/^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/);
    expect(req.warc['warc-concurrent-to']).toBe(res.warc['warc-record-id']);
    expect(res.warc['warc-concurrent-to']).toBe(req.warc['warc-record-id']);
    expect(req.warc['content-type']).toBe('application/http;msgtype=request');

    expect(res.status).toBe(200);
    expect(res.statusText).toBe('OK');
    expect(res.payload.equals(BODY)).toBe(true);
    const http = Object.fromEntries(res.http);
    expect(http['content-type']).toBe('text/html; charset=utf-8');
    expect(http['content-length']).toBe(String(BODY.length));
    expect(http['x-archive-orig-content-encoding']).toBe('gzip');
    expect(http['x-archive-orig-content-length']).toBe('123');
    expect(http['content-encoding']).toBeUndefined();
    expect(http.etag).toBe('"abc"');

    const sha = createHash('sha256').update(BODY).digest();
    expect(res.warc['warc-payload-digest']).toBe(`sha256:${base32(sha)}`);
  });

  it('block digest covers the whole HTTP block', () => {
    const [req, res] = readWarcRecords(buf);
    for (const r of [req!, res!]) {
      const expected = `sha256:${base32(createHash('sha256').update(r.block).digest())}`;
      expect(r.get('WARC-Block-Digest')).toBe(expected);
      expect(Number(r.get('content-length'))).toBe(r.block.length);
    }
    expect(req!.block.toString('latin1')).toMatch(/^GET \/2024\/story\?id=5 HTTP\/1\.1\r\nhost: news\.example\.com\r\n/);
  });

  it('is deterministic, and changes with the content', () => {
    expect(warcRecords(exchange).equals(buf)).toBe(true);
    const other = warcRecords({ ...exchange, response: { ...exchange.response, body: Buffer.from('different') } });
    expect(other.equals(buf)).toBe(false);
    expect(readWarcResponse(other).recordId).not.toBe(readWarcResponse(buf).recordId);
  });

  it('supports sha1 digests and omits the IP when unknown', async () => {
    const b = warcRecords({ ...exchange, ipAddress: null, digestAlgorithm: 'sha1' });
    const [, res] = await parseWithWarcio(b);
    expect(res!.warc['warc-payload-digest']).toMatch(/^sha1:[A-Z2-7]{32}$/);
    expect(res!.warc['warc-ip-address']).toBeUndefined();
  });

  it('neutralises CR/LF injected through header values', () => {
    const b = warcRecords({ ...exchange, response: { ...exchange.response, headers: { 'x-evil': 'a\r\nWARC-Type: metadata' } } });
    const res = readWarcResponse(b);
    expect(res.headers.find(([k]) => k === 'x-evil')?.[1]).toBe('a WARC-Type: metadata');
    expect(readWarcRecords(b).map((r) => r.type)).toEqual(['request', 'response']);
  });
});

describe('readWarcResponse', () => {
  it('returns status, headers and body', () => {
    const res = readWarcResponse(warcRecords(exchange));
    expect(res.status).toBe(200);
    expect(res.targetUri).toBe(exchange.url);
    expect(res.ipAddress).toBe('93.184.216.34');
    expect(res.body.equals(BODY)).toBe(true);
    expect(res.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
  });

  it('reads uncompressed WARCs and rejects garbage', () => {
    const plain = gunzipSync(warcRecords(exchange));
    expect(readWarcResponse(plain).body.equals(BODY)).toBe(true);
    expect(() => readWarcResponse(Buffer.from('hello'))).toThrow(/WARC/);
  });

  it('reads a response written by warcio', async () => {
    const { WARCRecord, WARCSerializer } = await import('warcio');
    const record = WARCRecord.create(
      { url: 'http://example.com/', date: '2024-01-01T00:00:00Z', type: 'response', warcVersion: 'WARC/1.1', httpHeaders: { 'Content-Type': 'text/plain' }, statusline: 'HTTP/1.1 201 Created' },
      (async function* () {
        yield new TextEncoder().encode('payload bytes');
      })(),
    );
    const bytes = Buffer.from(await WARCSerializer.serialize(record, { gzip: true }));
    const res = readWarcResponse(bytes);
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Created');
    expect(res.body.toString()).toBe('payload bytes');
  });
});

describe('exchangeFromFetch', () => {
  it('maps a fetch result', async () => {
    const { exchangeFromFetch } = await import('../src/index.ts');
    const buf = warcRecords(
      exchangeFromFetch({
        finalUrl: 'https://example.com/a',
        fetchedAt: '2024-01-01T00:00:00.000Z',
        remoteAddress: '2606:4700::1',
        status: 200,
        headers: { 'content-type': 'text/html', 'content-encoding': 'br' },
        body: Buffer.from('<p>x</p>'),
        requestHeaders: { host: 'example.com', 'user-agent': 'IngestBot/1.0' },
      }),
    );
    const res = readWarcResponse(buf);
    expect(res).toMatchObject({ targetUri: 'https://example.com/a', ipAddress: '2606:4700::1', status: 200 });
    expect(res.body.toString()).toBe('<p>x</p>');
  });
});
