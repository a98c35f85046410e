import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '@ingest/errors';
import { fetchPage } from '../src/index.ts';

const cert = readFileSync(new URL('./fixtures/tls-cert.pem', import.meta.url));
const key = readFileSync(new URL('./fixtures/tls-key.pem', import.meta.url));
const UA = 'IngestBot/1.0';

const toLoopback = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
  process.nextTick(() => cb(null, [{ address: '127.0.0.1', family: 4 }]))) as unknown as LookupFunction;

let server: https.Server;
let port = 0;
let sni: string | undefined;

beforeAll(async () => {
  server = https.createServer({ cert, key }, (req, res) => {
    sni = (req.socket as import('node:tls').TLSSocket).servername || undefined;
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>secure</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('https', () => {
  it('connects through the guarded lookup with SNI and certificate checks', async () => {
    const res = await fetchPage(`https://site.test:${port}/`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'], lookup: toLoopback, ca: cert });
    expect(res.body.toString()).toBe('<p>secure</p>');
    expect(res.remoteAddress).toBe('127.0.0.1');
    expect(sni).toBe('site.test');
  });

  it('untrusted certificates are connection failures', async () => {
    try {
      await fetchPage(`https://site.test:${port}/`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'], lookup: toLoopback });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe('CONNECT_FAILED');
    }
  });

  it('the guard applies before the TLS handshake', async () => {
    try {
      await fetchPage(`https://site.test:${port}/`, { userAgent: UA, allowNetworks: [], lookup: toLoopback, ca: cert });
      expect.unreachable();
    } catch (err) {
      expect((err as IngestError).code).toBe('BLOCKED_NETWORK');
    }
  });
});
