// An HTTP proxy in front of an S3 endpoint that counts requests by method and kind: s3rver has no
// request counter of its own. Used by the per-page cost test and by bench:pipeline.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  counts: Record<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const counts: Record<string, number> = {};
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const kind = `${req.method} ${req.url?.includes('list-type=') ? 'list' : 'object'}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
    const fwd = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => Object.keys(counts).forEach((k) => delete counts[k]),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
