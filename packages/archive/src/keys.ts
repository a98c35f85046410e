import { createHash } from 'node:crypto';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Bodies are content-addressed: the same bytes are stored once, whoever fetched them. */
export function bodyKey(digest: string): string {
  return `raw/bodies/${digest.slice(0, 2)}/${digest}`;
}

/**
 * One response record per (URL, content): a retried fetch that got the same bytes writes the
 * same key, so the archive never holds two copies of one response.
 */
export function responseKey(url: string, digest: string): string {
  const host = safeHost(url);
  return `raw/responses/${host}/${sha256Hex(url).slice(0, 24)}-${digest.slice(0, 24)}.json`;
}

export const RESPONSES_PREFIX = 'raw/responses/';

export function extractedKey(docId: string, digest: string): string {
  return `extracted/${docId}/${digest}.json`;
}

export function documentKey(docId: string, digest: string): string {
  return `documents/${docId}/${digest}.json`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host.replace(/[^A-Za-z0-9.-]/g, '_') || 'unknown';
  } catch {
    return 'unknown';
  }
}
