import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage, RequestWriteRefused } from '../src/index.ts';
import { html, redirect, startServer, type TestServer } from '@ingest/testing/http-server';

const UA = 'IngestBot/1.0';
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ '/page': html('<p>page</p>'), '/hop': redirect('/page') });
});
afterAll(() => server.close());

describe('onRequestWrite', () => {
  it('is called once per hop, as each request is written, after the connection is up', async () => {
    const seen: { url: string; connections: number }[] = [];
    const res = await fetchPage(`${server.url}/hop`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'], onRequestWrite: (url) => seen.push({ url, connections: server.connections }) });
    expect(res.status).toBe(200);
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual(['/hop', '/page']);
    expect(seen[0]!.connections).toBeGreaterThan(0);
  });

  it('a throwing hook aborts the request before anything is written', async () => {
    const before = server.requests.length;
    const refused = fetchPage(`${server.url}/page`, {
      userAgent: UA,
      allowNetworks: ['127.0.0.0/8'],
      onRequestWrite: () => {
        throw new Error('window passed');
      },
    });
    await expect(refused).rejects.toBeInstanceOf(RequestWriteRefused);
    await expect(refused).rejects.toMatchObject({ cause: { message: 'window passed' } });
    // A request that had been written would reach the server before one sent after the abort.
    await fetchPage(`${server.url}/page`, { userAgent: UA, allowNetworks: ['127.0.0.0/8'] });
    expect(server.requests.slice(before)).toEqual(['GET /page']);
  });
});
