export type { ArchiveStore, ArchivedResponse, RawResponseMeta } from './types.ts';
export { S3ArchiveStore, createS3Client, type S3StoreOptions } from './s3-store.ts';
export { bodyKey, responseKey, extractedKey, documentKey, sha256Hex, RESPONSES_PREFIX } from './keys.ts';
