// 32-bit hashing for shingles and MinHash permutations. Fast, dependency-free and stable across
// processes and versions: signatures stored in Redis by one extractor are compared by another.

/** murmur3's finaliser: a bijection on 32 bits with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32 (FNV alone mixes the last chars poorly). */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}
