// Fingerprints identify a block across pages of one site (template learning) and within a page
// (deduplication), so they must ignore case, punctuation and whitespace differences.

const PUNCT_OR_SPACE = /[\p{P}\p{S}\s]+/gu;

export function normaliseText(text: string): string {
  return text.toLowerCase().replace(PUNCT_OR_SPACE, ' ').trim();
}

/** 53-bit cyrb53-style hash as 14 hex chars: cheap, stable across runs, collisions negligible per host. */
export function hashString(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
}

export function blockFingerprint(text: string): string {
  return hashString(normaliseText(text));
}
