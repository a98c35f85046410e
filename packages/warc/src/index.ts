// WARC/1.1 writer (deterministic request+response records, one gzip member each) and a small reader.
export { warcRecords, warcRecordsAsync, type WarcExchange } from './write.ts';
export { readWarcRecords, readWarcResponse, parseHttpResponse, WarcFormatError, type WarcRecord, type WarcHttpResponse } from './read.ts';
export { base32, warcDigest, deterministicRecordId, type DigestAlgorithm } from './digest.ts';
export type { HeaderInput } from './http-block.ts';
export { exchangeFromFetch, type FetchedExchange } from './from-fetch.ts';
export { warcRevisitRecords, SERVER_NOT_MODIFIED_PROFILE, type WarcRevisit } from './revisit.ts';
export { IDENTICAL_PAYLOAD_DIGEST_PROFILE } from './revisit.ts';
export { gzipMembers, surt, cdxjTimestamp, cdxjLine, parseCdxjLine, indexWarc, sortCdxj, type CdxjEntry, type MemberSpan } from './cdxj.ts';
export { writeWacz, WACZ_VERSION, WACZ_WARC_NAME, type WaczCapture, type WaczOptions, type WaczSummary } from './wacz.ts';
export { checkWacz, readZip, type WaczCheck, type ZipEntry } from './wacz-check.ts';
