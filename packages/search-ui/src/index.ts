import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticAsset {
  route: string;
  contentType: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The operator console's files, under `/console` (its page) and `/console/NAME`. */
export function consoleAssets(): StaticAsset[] {
  const dir = fileURLToPath(new URL('../console/', import.meta.url));
  return readdirSync(dir).map((name) => ({
    route: name === 'index.html' ? '/console' : `/console/${name}`,
    contentType: TYPES[extname(name)] ?? 'application/octet-stream',
    body: readFileSync(join(dir, name)),
  }));
}

/** The search page's files, read once; `index.html` is served at `/`. */
export function searchUiAssets(): StaticAsset[] {
  const dir = fileURLToPath(new URL('../public/', import.meta.url));
  return readdirSync(dir).map((name) => ({
    route: name === 'index.html' ? '/' : `/${name}`,
    contentType: TYPES[extname(name)] ?? 'application/octet-stream',
    body: readFileSync(join(dir, name)),
  }));
}
