import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '@ingest/testing';
import { RateLimitedError } from '@ingest/errors';
import { isHtmlContentType } from '@ingest/charset';
import { fetchPage, type FetchOptions } from '../src/index.ts';
import { html, startServer, type TestServer } from '@ingest/testing/http-server';

const base: FetchOptions = { userAgent: 'IngestBot/1.0 (+https://example.org/bot)', allowNetworks: ['127.0.0.0/8'] };

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    '/page': html('<html><title>Hi</title></html>', { etag: '"v1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' }),
    '/conditional': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Mon, 01 Jan 2024 00:00:00 GMT') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'content-type': 'text/html' }).end('<p>fresh</p>');
    },
    '/404': (_q, r) => r.writeHead(404).end('nope'),
    '/410': (_q, r) => r.writeHead(410).end('gone'),
    '/403': (_q, r) => r.writeHead(403).end('forbidden'),
    '/429': (_q, r) => r.writeHead(429, { 'retry-after': '120' }).end(),
    '/429-date': (_q, r) => r.writeHead(429, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }).end(),
    '/429-bare': (_q, r) => r.writeHead(429).end(),
    '/503-retry': (_q, r) => r.writeHead(503, { 'retry-after': '5' }).end(),
    '/503': (_q, r) => r.writeHead(503).end(),
    '/500': (_q, r) => r.writeHead(500).end('boom'),
    '/pdf': (_q, r) => r.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
    '/untyped': (_q, r) => {
      r.removeHeader('content-type');
      r.writeHead(200).end('  <!DOCTYPE html><html><body>x</body></html>');
    },
    '/headers': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers)),
    '/multi': (_q, r) => {
      r.setHeader('set-cookie', ['a=1', 'b=2']);
      r.writeHead(200, { 'content-type': 'text/html' }).end('x');
    },
  });
});
afterAll(() => server.close());

describe('fetchPage: success', () => {
  it('fetches a page with metadata', async () => {
    const res = await fetchPage(`${server.url}/page?utm_source=x#frag`, base);
    expect(res.status).toBe(200);
    expect(res.requestedUrl).toBe(`${server.url}/page`);
    expect(res.finalUrl).toBe(`${server.url}/page`);
    expect(res.body.toString()).toBe('<html><title>Hi</title></html>');
    expect(res.contentType).toBe('text/html; charset=utf-8');
    expect(res.etag).toBe('"v1"');
    expect(res.lastModified).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(res.remoteAddress).toBe('127.0.0.1');
    expect(res.notModified).toBe(false);
    expect(res.redirects).toEqual([]);
    expect(Date.parse(res.fetchedAt)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('sends user agent, accept and accept-encoding', async () => {
    const res = await fetchPage(`${server.url}/headers`, { ...base, headers: { 'Accept-Language': 'en', 'User-Agent': 'ignored', 'Accept-Encoding': 'identity' } });
    const sent = JSON.parse(res.body.toString()) as Record<string, string>;
    expect(sent['user-agent']).toBe(base.userAgent);
    expect(sent['accept-encoding']).toBe('gzip, deflate, br, zstd');
    expect(sent.accept).toContain('text/html');
    expect(sent['accept-language']).toBe('en');
  });

  it('joins repeated headers', async () => {
    const res = await fetchPage(`${server.url}/multi`, base);
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
  });

  it('handles conditional requests (304)', async () => {
    const fresh = await fetchPage(`${server.url}/conditional`, base);
    expect(fresh.status).toBe(200);
    const byEtag = await fetchPage(`${server.url}/conditional`, { ...base, conditional: { etag: '"v1"' } });
    expect(byEtag).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(byEtag.body.length).toBe(0);
    const byDate = await fetchPage(`${server.url}/conditional`, { ...base, conditional: { lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' } });
    expect(byDate.notModified).toBe(true);
  });

  it('reports content type so callers can skip non-HTML', async () => {
    const pdf = await fetchPage(`${server.url}/pdf`, base);
    expect(isHtmlContentType(pdf.contentType, pdf.body)).toBe(false);
    const untyped = await fetchPage(`${server.url}/untyped`, base);
    expect(untyped.contentType).toBeNull();
    expect(isHtmlContentType(untyped.contentType, untyped.body)).toBe(true);
  });
});

describe('fetchPage: status codes', () => {
  it.each([
    ['/404', 'HTTP_GONE', true],
    ['/410', 'HTTP_GONE', true],
    ['/403', 'HTTP_CLIENT_ERROR', true],
    ['/500', 'HTTP_SERVER_ERROR', false],
    ['/503', 'HTTP_SERVER_ERROR', false],
  ])('%s → %s', async (path, code, permanent) => {
    const err = await failure(fetchPage(`${server.url}${path}`, base));
    expect(err.code).toBe(code);
    expect(err.permanent).toBe(permanent);
    expect(err.details).toMatchObject({ status: Number(path.slice(1)) });
  });

  it('429 honours Retry-After in seconds, as a date, or defaults to 60 s', async () => {
    const secs = await failure(fetchPage(`${server.url}/429`, base));
    expect(secs).toBeInstanceOf(RateLimitedError);
    expect((secs as RateLimitedError).retryAfterMs).toBe(120_000);
    const date = (await failure(fetchPage(`${server.url}/429-date`, base))) as RateLimitedError;
    expect(date.retryAfterMs).toBeGreaterThan(25_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(30_000);
    const bare = (await failure(fetchPage(`${server.url}/429-bare`, base))) as RateLimitedError;
    expect(bare.retryAfterMs).toBe(60_000);
  });

  it('503 with Retry-After is rate limiting', async () => {
    const err = await failure(fetchPage(`${server.url}/503-retry`, base));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(5_000);
  });
});

describe('fetchPage: URL validation', () => {
  it('rejects bad URLs before any network activity', async () => {
    expect((await failure(fetchPage('ftp://127.0.0.1/', base))).code).toBe('UNSUPPORTED_SCHEME');
    expect((await failure(fetchPage('nonsense', base))).code).toBe('INVALID_URL');
  });
});
