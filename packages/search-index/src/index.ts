export { MeiliSearchIndex, type SearchIndex, type IndexedDocument } from './meili-index.ts';
export { INDEX_SETTINGS } from './settings.ts';
export { ensureSearchKey } from './keys.ts';
export { IndexBatcher } from './batcher.ts';
