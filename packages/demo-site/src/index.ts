import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoSite {
  baseUrl: string;
  port: number;
  /** Set when `port` was asked for with `orFreePort` but another process held it. */
  displaced?: number;
  /** Every request served: path, status and the exact bytes sent. */
  requests: { path: string; status: number; bytes: Buffer }[];
  close(): Promise<void>;
}

const SITE_DIR = fileURLToPath(new URL('../site/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };
// A small but real PDF header: enough for the pipeline to archive it and skip it as not HTML.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function demoPaths(): string[] {
  return [
    '/',
    '/news/central-asia-treading-carefully.html',
    '/news/borrell-afghanistan.html',
    '/news/global-alliance-migrant-smuggling.html',
    '/news/caspian-ferry-link.html',
    '/news/almaty-metro-extension.html',
  ];
}

export function readDemoFile(path: string): Buffer {
  return readFileSync(join(SITE_DIR, path === '/' ? 'index.html' : path));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Serves the bundled demo site (including the seed page reproduction) on loopback. `ingest start`
 * passes the port it served on last time so documents indexed then keep a live origin; with
 * `orFreePort` a port held by another process gives way to a free one instead of failing.
 */
export async function startDemoSite(options: { host?: string; port?: number; orFreePort?: boolean } = {}): Promise<DemoSite> {
  const requests: DemoSite['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: Buffer) => {
      requests.push({ path, status, bytes: body });
      res.writeHead(status, { 'content-type': type, 'content-length': body.length });
      res.end(body);
    };
    if (path === '/files/annual-report.pdf') return send(200, 'application/pdf', PDF);
    const rel = normalize(path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    const file = join(SITE_DIR, rel);
    if (!file.startsWith(SITE_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      return send(404, 'text/html; charset=utf-8', Buffer.from('<!doctype html><title>Not found</title><h1>Not found</h1>'));
    }
    send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
  });
  const host = options.host ?? '127.0.0.1';
  let displaced: number | undefined;
  try {
    await listen(server, options.port ?? 0, host);
  } catch (err) {
    if (!options.orFreePort || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    displaced = options.port;
    await listen(server, 0, host);
  }
  const { address, port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${address}:${port}`,
    port,
    ...(displaced === undefined ? {} : { displaced }),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
