export type { ArchiveStore, ArchivedResponse, RawResponseMeta, PutResponseInput, PutRevisitInput, PutRenderedInput } from './types.ts';
export { S3ArchiveStore, createS3Client, s3Failure, type S3StoreOptions } from './s3-store.ts';
export { decodeCapture, encodeCapture, encodeRendered } from './warc-object.ts';
export {
  warcKey,
  bodyKey,
  responseKey,
  extractedKey,
  documentKey,
  sha256Hex,
  isLegacyResponseKey,
  RESPONSES_PREFIX,
  WARC_PREFIX,
  LEGACY_RESPONSES_PREFIX,
  REVISITS_PREFIX,
  revisitKey,
  screenshotKey,
} from './keys.ts';
