import { createHash } from 'node:crypto';

/**
 * Stable id for a canonical URL. Meilisearch ids allow only [A-Za-z0-9_-] and at most 511 bytes,
 * so the URL itself cannot be the id; 128 bits of sha256 make collisions irrelevant in practice.
 */
export function documentId(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl, 'utf8').digest('hex').slice(0, 32);
}
