import type { Meilisearch } from 'meilisearch';

const DESCRIPTION_PREFIX = 'ingest search-only key for ';

/**
 * The browser gets a key that can only search the documents index; the master key stays on the
 * servers. Idempotent: reuses the key created on an earlier start.
 */
export async function ensureSearchKey(client: Meilisearch, indexUid: string): Promise<string> {
  const description = `${DESCRIPTION_PREFIX}${indexUid}`;
  const keys = await client.getKeys({ limit: 1000 });
  const found = keys.results.find((k) => k.description === description && k.actions.length === 1 && k.actions[0] === 'search');
  if (found) return found.key;
  const created = await client.createKey({ description, actions: ['search'], indexes: [indexUid], expiresAt: null });
  return created.key;
}
