import { fmix32, hashString32 } from './hash32.ts';
import { shingles } from './shingles.ts';

// MinHash with LSH banding. 64 permutations in 16 bands of 4 rows: two texts become candidates
// when one band matches, which happens with probability 1-(1-J^4)^16 (J=0.8: 99.97%, J=0.5: 64%,
// J=0.3: 12%); candidates are then verified on all 64 rows. Values are 32-bit big-endian, so a
// signature is 256 bytes and a band key is its 16-byte slice (no second hash needed, and Lua can
// cut bands from a stored signature when it must unlink a stale one).

export const NUM_HASHES = 64;
export const BAND_ROWS = 4;
export const NUM_BANDS = NUM_HASHES / BAND_ROWS;
export const BYTES_PER_HASH = 4;
export const SIGNATURE_BYTES = NUM_HASHES * BYTES_PER_HASH;
export const BAND_BYTES = BAND_ROWS * BYTES_PER_HASH;

/** Fewer shingles than this and the estimate is too coarse: such texts cluster only when identical. */
export const MIN_SHINGLES = 12;

const SEEDS = Uint32Array.from({ length: NUM_HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

export function minhashOfShingles(set: Iterable<string>): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const s of set) {
    const h = hashString32(s);
    for (let i = 0; i < NUM_HASHES; i++) {
      // fmix32 is a bijection, so each seed gives an independent-looking permutation of the hashes.
      const v = fmix32(h ^ SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

export function signatureBytes(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(SIGNATURE_BYTES);
  for (let i = 0; i < NUM_HASHES; i++) buf.writeUInt32BE(sig[i]!, i * BYTES_PER_HASH);
  return buf;
}

export interface TextSignature {
  /** 256-byte MinHash signature, or null when the text is too short for a meaningful estimate. */
  bytes: Buffer | null;
  shingleCount: number;
}

export function textSignature(text: string): TextSignature {
  const set = shingles(text);
  if (set.size < MIN_SHINGLES) return { bytes: null, shingleCount: set.size };
  return { bytes: signatureBytes(minhashOfShingles(set)), shingleCount: set.size };
}

/** Fraction of equal rows: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: Buffer, b: Buffer): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_BYTES; i += BYTES_PER_HASH) if (a.readUInt32BE(i) === b.readUInt32BE(i)) same++;
  return same / NUM_HASHES;
}

/** The LSH bucket keys of a signature: band index byte + that band's rows. */
export function bandKeys(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let b = 0; b < NUM_BANDS; b++) out.push(Buffer.concat([Buffer.from([b]), bytes.subarray(b * BAND_BYTES, (b + 1) * BAND_BYTES)]));
  return out;
}
