import { createHash } from 'node:crypto';

/**
 * Exact duplicates (same normalised body) share a cluster id; the index's distinct attribute then
 * shows one of them. Near-duplicate clustering refines this in the dedupe package.
 */
export function exactClusterId(body: string): string {
  const normalised = body.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return `c${createHash('sha256').update(normalised).digest('hex').slice(0, 31)}`;
}
