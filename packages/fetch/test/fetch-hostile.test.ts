import net from 'node:net';
import zlib from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '@ingest/errors';
import { failure, testServices } from '@ingest/testing';
import { HostLimiter } from '@ingest/politeness';
import { fetchPage, mapNetworkError, parseRetryAfter, type FetchOptions } from '../src/index.ts';
import { startServer, type TestServer } from '@ingest/testing/http-server';

const opts: FetchOptions = { userAgent: 'IngestBot/1.0', allowNetworks: ['127.0.0.0/8'] };

const PAGE = Buffer.from('<html><body>' + 'A normal page. '.repeat(200) + '</body></html>');
const LAYERS = 2_500;
let layered = PAGE;
for (let i = 0; i < LAYERS; i++) layered = zlib.gzipSync(layered, { level: 1 });

/** Writes raw HTTP/1.1 answers, byte for byte as a hostile server would. */
async function startRawServer(answer: (path: string, socket: net.Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (d) => answer(d.toString('latin1').split(' ')[1] ?? '/', socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let server: TestServer;
let raw: Awaited<ReturnType<typeof startRawServer>>;
let headerBytesSent = 0;

beforeAll(async () => {
  server = await startServer({
    '/layers': (_q, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': Array(LAYERS).fill('gzip').join(', ') }).end(layered),
    '/three-layers': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, gzip, gzip' }).end(zlib.gzipSync(zlib.gzipSync(zlib.gzipSync(PAGE))));
    },
    '/retry-forever': (_q, res) => res.writeHead(429, { 'retry-after': '999999999' }).end(),
    '/retry-absurd': (_q, res) => res.writeHead(503, { 'retry-after': '9'.repeat(400) }).end(),
    '/normal': (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE),
  });
  raw = await startRawServer((path, socket) => {
    if (path === '/huge-headers') {
      // 10 MB of headers, written as fast as the client reads them.
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n');
      const line = `x-filler: ${'a'.repeat(1000)}\r\n`;
      let n = 0;
      const pump = () => {
        while (n < 10_000 && !socket.destroyed) {
          n++;
          headerBytesSent += line.length;
          if (!socket.write(line)) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.end('\r\nhello');
      };
      pump();
    } else if (path === '/long-location') {
      socket.end(`HTTP/1.1 302 Found\r\nlocation: /${'a'.repeat(100_000)}\r\ncontent-length: 0\r\n\r\n`);
    } else {
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 2\r\n\r\nok');
    }
  });
});
afterAll(async () => {
  await server.close();
  await raw.close();
});

describe('fetchPage against hostile hosts', () => {
  it(`refuses ${LAYERS} stacked Content-Encoding layers before decoding any of them`, async () => {
    const cpu0 = process.cpuUsage();
    const err = await failure(fetchPage(`${server.url}/layers`, opts));
    expect(err.code).toBe('DECOMPRESSION_BOMB');
    expect(err.permanent).toBe(true);
    expect(err.details).toMatchObject({ layers: LAYERS, maxEncodingLayers: 3 });
    // Undoing the layers costs many CPU-seconds; refusing them costs next to nothing.
    const cpu = process.cpuUsage(cpu0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(2_000);
    // Up to the limit the layers are still undone.
    const ok = await fetchPage(`${server.url}/three-layers`, opts);
    expect(ok.body.equals(PAGE)).toBe(true);
  });

  it('10 MB of response headers end as HEADERS_TOO_LARGE, not INTERNAL, and stop the download', async () => {
    const err = await failure(fetchPage(`${raw.url}/huge-headers`, opts));
    expect(err.code).toBe('HEADERS_TOO_LARGE');
    expect(err.permanent).toBe(true);
    expect(headerBytesSent).toBeLessThan(10_000 * 1_000);
  });

  it('a 100 KB Location header ends as URL_TOO_LONG', async () => {
    const err = await failure(fetchPage(`${raw.url}/long-location`, opts));
    expect(err.code).toBe('URL_TOO_LONG');
    expect(err.permanent).toBe(true);
  });

  it('clamps a huge Retry-After to maxRetryAfterMs (1 h by default)', async () => {
    const dflt = await failure(fetchPage(`${server.url}/retry-forever`, opts));
    expect(dflt).toBeInstanceOf(RateLimitedError);
    expect((dflt as RateLimitedError).retryAfterMs).toBe(3_600_000);
    const absurd = (await failure(fetchPage(`${server.url}/retry-absurd`, { ...opts, maxRetryAfterMs: 5_000 }))) as RateLimitedError;
    expect(absurd.retryAfterMs).toBe(5_000);
    expect(parseRetryAfter('999999999', Date.now(), 1_000)).toBe(1_000);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', Date.now(), 1_000)).toBe(1_000);
  });
});

describe('a host paused by a huge Retry-After resumes after the clamp', () => {
  let redis: Redis;
  const prefix = `test:fetch-hostile:${process.pid}:${Date.now()}:`;
  beforeAll(() => {
    redis = new Redis(testServices().redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('the next page on that host is fetched once the clamped pause is over', async () => {
    const MAX_PAUSE_MS = 300;
    const limiter = new HostLimiter({ redis, keyPrefix: prefix, minDelayMs: 0, maxPauseMs: MAX_PAUSE_MS, pollMs: 20 });
    const host = new URL(server.url).host;
    const err = (await failure(fetchPage(`${server.url}/retry-forever`, { ...opts, maxRetryAfterMs: MAX_PAUSE_MS }))) as RateLimitedError;
    expect(err.retryAfterMs).toBe(MAX_PAUSE_MS);
    // Even a caller passing the raw, unclamped value cannot pause the host longer than the limiter allows.
    await limiter.penalize(host, 999_999_999_000);
    const pausedFor = await redis.pttl(`${prefix}host:${host}:next`);
    expect(pausedFor).toBeGreaterThan(0);
    expect(pausedFor).toBeLessThanOrEqual(MAX_PAUSE_MS + 1_000);

    // Fails rather than hangs if the pause were not clamped.
    const lease = await limiter.acquire(host, { signal: AbortSignal.timeout(30_000) });
    try {
      const page = await fetchPage(`${server.url}/normal`, opts);
      expect(page.status).toBe(200);
      expect(page.body.equals(PAGE)).toBe(true);
    } finally {
      await lease.release();
    }
  });
});

describe('mapNetworkError', () => {
  const coded = (code: string, cause?: unknown) => Object.assign(new Error(`boom ${code}`), { code, ...(cause ? { cause } : {}) });
  it.each([
    ['UND_ERR_HEADERS_OVERFLOW', 'HEADERS_TOO_LARGE', true],
    ['HPE_HEADER_OVERFLOW', 'HEADERS_TOO_LARGE', true],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'BODY_TOO_LARGE', true],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'HTTP_SERVER_ERROR', false],
    ['HPE_INVALID_CHUNK_SIZE', 'CONNECT_FAILED', false],
    ['HPE_INVALID_STATUS', 'CONNECT_FAILED', false],
    ['UND_ERR_DESTROYED', 'CONNECT_FAILED', false],
    ['ECONNRESET', 'CONNECT_FAILED', false],
  ])('%s → %s', (code, expected, permanent) => {
    const err = mapNetworkError(coded(code), 'http://x.test/');
    expect(err.code).toBe(expected);
    expect(err.permanent).toBe(permanent);
  });

  it('keeps INTERNAL for errors that are not the network’s (our own bugs)', () => {
    expect(mapNetworkError(coded('UND_ERR_INVALID_ARG'), 'http://x.test/').code).toBe('INTERNAL');
    expect(mapNetworkError(new TypeError('x is not a function'), 'http://x.test/').code).toBe('INTERNAL');
  });
});
