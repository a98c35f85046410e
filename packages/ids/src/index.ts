import { createHash } from 'node:crypto';

/**
 * Identifiers and hashes used across the pipeline, defined once so that a producer and a consumer
 * can never disagree on what an id looks like.
 */

/** Meilisearch primary keys allow only these characters, up to 511 bytes. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,511}$/;
/** DOCUMENT_ID_PATTERN in words, for the answer to a caller who sent another id. */
export const DOCUMENT_ID_RULE = 'Document ids are 1 to 511 characters of [A-Za-z0-9_-]';
/** Crawl and run ids: short, URL- and job-id-safe. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A SHA-256 content digest, lower-case hex. */
export const CONTENT_DIGEST_PATTERN = /^[a-f0-9]{64}$/;

/** SHA-256 as bytes (constant-time comparisons, UUIDs made from content). */
export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A prefix of the SHA-256 of `input`: for keys and job ids that must be short and stable. */
export function shortHash(input: string, length = 32): string {
  return sha256Hex(input).slice(0, length);
}

/**
 * Stable id for a canonical URL. The URL itself cannot be the id (see DOCUMENT_ID_PATTERN);
 * 128 bits of SHA-256 make collisions irrelevant in practice.
 */
export function documentId(canonicalUrl: string): string {
  return shortHash(canonicalUrl, 32);
}

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID_PATTERN.test(value);
}
