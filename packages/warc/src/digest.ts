import { createHash } from 'node:crypto';
import { sha256, sha256Hex } from '@ingest/ids';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding, as warcio and most WARC tools write digests. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

export type DigestAlgorithm = 'sha256' | 'sha1';

/** "sha256:BASE32…" labelled digest for WARC-Block-Digest / WARC-Payload-Digest. */
export function warcDigest(data: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${base32(createHash(algorithm).update(data).digest())}`;
}

/** "sha256:hex" as WACZ's datapackage lists its files. */
export function waczHash(data: Uint8Array | string): string {
  return `sha256:${sha256Hex(data)}`;
}

/**
 * A record id derived from the record's content, so writing the same exchange twice (a retried
 * fetch) yields byte-identical output. Formatted as a version-8 (custom) UUID.
 */
export function deterministicRecordId(...parts: string[]): string {
  const h = sha256(parts.join('\n'));
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x80;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `<urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}>`;
}
