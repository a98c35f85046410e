import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  port: number;
  host: string;
  /** Requests seen, as "METHOD path". */
  requests: string[];
  /** Headers of each request, in order. */
  requestHeaders: http.IncomingHttpHeaders[];
  connections: number;
  close(): Promise<void>;
}

/** An HTTP server on a loopback address; tests never talk to anything else. */
export async function startServer(routes: Record<string, Handler>, options: { host?: string; port?: number } = {}): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const state = { requests: [] as string[], requestHeaders: [] as http.IncomingHttpHeaders[], connections: 0 };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    state.requestHeaders.push(req.headers);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handler = routes[path] ?? Object.entries(routes).find(([p]) => p.endsWith('*') && path.startsWith(p.slice(0, -1)))?.[1];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no route');
      return;
    }
    handler(req, res);
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    get url() {
      return `http://${host}:${port}`;
    },
    port,
    host,
    get requests() {
      return state.requests;
    },
    get requestHeaders() {
      return state.requestHeaders;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const html =
  (body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const redirect =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };
