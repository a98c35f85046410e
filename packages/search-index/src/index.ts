export { MeiliSearchIndex, type SearchIndex, type IndexedDocument, type StartedUpsert, type UpsertOptions } from './meili-index.ts';
export { INDEX_SETTINGS, changedSettings } from './settings.ts';
export { ensureSearchKey } from './keys.ts';
export { IndexBatcher, DEFAULT_IN_FLIGHT, type BatcherOptions } from './batcher.ts';
export { RedisVersionGuard, readIndexed, guardKeys, type VersionGuard } from './version-guard.ts';
export { meiliFailure } from './meili-index.ts';
