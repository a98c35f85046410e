import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '@ingest/testing';
import { fetchPage, type FetchOptions } from '../src/index.ts';
import { startServer, type TestServer } from '@ingest/testing/http-server';

const opts: FetchOptions = { userAgent: 'IngestBot/1.0', allowNetworks: ['127.0.0.0/8'] };

const PAGE = '<html><body>' + 'Hello, archive! '.repeat(500) + '</body></html>';
const encoders: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => zlib.gzipSync(b),
  deflate: (b) => zlib.deflateSync(b),
  'raw-deflate': (b) => zlib.deflateRawSync(b),
  br: (b) => zlib.brotliCompressSync(b),
  zstd: (b) => zlib.zstdCompressSync(b),
};

let server: TestServer;
let streamedBytes = 0;
const BOMB = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB

beforeAll(async () => {
  server = await startServer({
    '/enc/*': (req, res) => {
      const name = req.url!.split('/').pop()!;
      const body = encoders[name]!(Buffer.from(PAGE));
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': name === 'raw-deflate' ? 'deflate' : name }).end(body);
    },
    '/double': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, br' }).end(zlib.brotliCompressSync(zlib.gzipSync(Buffer.from(PAGE))));
    },
    '/unknown-encoding': (_q, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('x'),
    '/corrupt-gzip': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip at all')),
    '/corrupt-br': (_q, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(Buffer.from('this is not brotli at all, no no')),
    '/corrupt-zstd': (_q, res) => res.writeHead(200, { 'content-encoding': 'zstd' }).end(Buffer.from('this is not zstd at all, no no')),
    '/empty-gzip': (_q, res) => res.writeHead(204, { 'content-encoding': 'gzip' }).end(),
    '/bomb': (_q, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(BOMB),
    '/declared-huge': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
      res.write('x'.repeat(1000));
      // never finishes; the client must give up on the header alone
    },
    '/streamed-huge': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          streamedBytes = sent;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    },
    '/slow-headers': (_q, res) => {
      setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
    },
    '/slow-body': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      // A trickle that never trips an idle timeout but exceeds the total body deadline.
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    },
    '/reset': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
    },
  });
});
afterAll(() => server.close());

describe('content decoding', () => {
  it.each(Object.keys(encoders))('decodes %s', async (name) => {
    const res = await fetchPage(`${server.url}/enc/${name}`, opts);
    expect(res.body.toString()).toBe(PAGE);
    expect(res.encodedBytes).toBeLessThan(PAGE.length);
  });

  it('decodes stacked encodings in reverse order', async () => {
    expect((await fetchPage(`${server.url}/double`, opts)).body.toString()).toBe(PAGE);
  });

  it('refuses unknown encodings and reports corrupt ones as retryable', async () => {
    expect((await failure(fetchPage(`${server.url}/unknown-encoding`, opts))).code).toBe('UNSUPPORTED_CONTENT_TYPE');
    const corrupt = await failure(fetchPage(`${server.url}/corrupt-gzip`, opts));
    expect(corrupt.code).toBe('HTTP_SERVER_ERROR');
    expect(corrupt.message).toMatch(/Corrupt gzip/);
    expect((await failure(fetchPage(`${server.url}/corrupt-br`, opts))).code).toBe('HTTP_SERVER_ERROR');
    expect((await failure(fetchPage(`${server.url}/corrupt-zstd`, opts))).code).toBe('HTTP_SERVER_ERROR');
  });

  it('accepts an empty encoded body', async () => {
    const res = await fetchPage(`${server.url}/empty-gzip`, opts);
    expect(res.status).toBe(204);
    expect(res.body.length).toBe(0);
  });
});

describe('limits', () => {
  it('stops a gzip bomb without expanding it', async () => {
    const before = process.memoryUsage().rss;
    const err = await failure(fetchPage(`${server.url}/bomb`, opts));
    expect(err.code).toBe('DECOMPRESSION_BOMB');
    expect(err.details).toMatchObject({ maxDecompressionRatio: 100 });
    expect((err.details as { decodedBytes: number }).decodedBytes).toBeLessThanOrEqual(10 * 1024 * 1024 + 64 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('a large but plausible decoded size beyond maxBytes is BODY_TOO_LARGE', async () => {
    const err = await failure(fetchPage(`${server.url}/enc/gzip`, { ...opts, maxBytes: 2000, maxDecompressionRatio: 1000 }));
    expect(err.code).toBe('BODY_TOO_LARGE');
  });

  it('refuses on Content-Length alone', async () => {
    const t0 = Date.now();
    const err = await failure(fetchPage(`${server.url}/declared-huge`, opts));
    expect(err.code).toBe('BODY_TOO_LARGE');
    expect(err.details).toMatchObject({ contentLength: 50 * 1024 * 1024 });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('aborts a streamed body as soon as it passes the limit', async () => {
    const err = await failure(fetchPage(`${server.url}/streamed-huge`, { ...opts, maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('BODY_TOO_LARGE');
    await new Promise((r) => setTimeout(r, 100));
    // The server could only push what fits in socket buffers before the connection was torn down.
    expect(streamedBytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('can truncate instead of failing (robots.txt)', async () => {
    const res = await fetchPage(`${server.url}/streamed-huge`, { ...opts, maxBytes: 100_000, onTooLarge: 'truncate' });
    expect(res.body.length).toBe(100_000);
    expect(res.truncated).toBe(true);
  });
});

describe('timeouts and connection errors', () => {
  it('headers timeout → TIMEOUT', async () => {
    const err = await failure(fetchPage(`${server.url}/slow-headers`, { ...opts, headersTimeoutMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.permanent).toBe(false);
  });

  it('total body deadline → TIMEOUT even when data keeps trickling', async () => {
    const t0 = Date.now();
    const err = await failure(fetchPage(`${server.url}/slow-body`, { ...opts, bodyTimeoutMs: 300 }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(1_500);
  });

  it('caller abort signal with a deadline → TIMEOUT', async () => {
    const err = await failure(fetchPage(`${server.url}/slow-headers`, { ...opts, signal: AbortSignal.timeout(150) }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('connection reset mid-body → CONNECT_FAILED', async () => {
    const err = await failure(fetchPage(`${server.url}/reset`, opts));
    expect(err.code).toBe('CONNECT_FAILED');
  });
});
