export type { SearchIndex, RebuildableIndex, IndexedDocument, SearchQuery, SearchResult, Filter, FilterField, FilterValue, FacetField, RangeField, StartedUpsert, UpsertOptions } from './port.ts';
export { withoutYear } from './port.ts';
export { MeiliSearchIndex, meiliFailure } from './meili-index.ts';
export { MemorySearchIndex } from './memory-index.ts';
export { INDEX_SETTINGS, changedSettings, indexSettings, type SearchProximity } from './settings.ts';
export { IndexBatcher, DEFAULT_IN_FLIGHT, type BatcherOptions } from './batcher.ts';
export { RedisVersionGuard, readIndexed, guardKeys, removalClaim, type VersionGuard } from './version-guard.ts';
export { MemoryVersionGuard } from './memory-guard.ts';
