export type { ArchiveStore, ArchivedCapture, ArchivedResponse, CaptureObject, RawResponseMeta, PutResponseInput, PutRevisitInput, PutRenderedInput } from './types.ts';
export { MemoryBlobStore, type BlobStore } from './blob-store.ts';
export { WarcArchiveStore, MemoryArchiveStore } from './warc-archive.ts';
export { S3ArchiveStore, s3Failure, type S3StoreOptions } from './s3-store.ts';
export { decodeCapture, encodeCapture, encodeRendered } from './warc-object.ts';
export { warcKey, extractedKey, documentKey, isRevisitKey, cdxjKey, screenshotKey, RESPONSES_PREFIX, WARC_PREFIX, REVISITS_PREFIX, CDXJ_PREFIX, NO_SOURCE, revisitKey } from './keys.ts';
