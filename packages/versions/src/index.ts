export { versionText, textDigest } from './noise.ts';
export { diffWords, countWords, type DiffOp } from './diff.ts';
export { diffDocuments, type DocumentDiff, type DiffSummary, type FieldChange } from './document-diff.ts';
export { VersionStore, MAX_VERSIONS, HISTORY_IN_DOCUMENT, type DocumentVersion, type VersionInput, type RecordResult } from './store.ts';
