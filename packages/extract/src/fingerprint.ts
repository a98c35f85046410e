// Fingerprints identify a block across pages of one site (template learning) and within a page
// (deduplication), so they must ignore case, punctuation and whitespace differences.
// Every text block of every page is fingerprinted, so normalisation and hashing are fused into one
// pass over char codes; whether a non-ASCII char is punctuation is decided once per code unit.

const PUNCT_OR_SPACE = /[\p{P}\p{S}\s]/u;
const SEP = new Int8Array(65536); // 0 unknown, 1 keep, 2 separator

function isSep(c: number): boolean {
  let v = SEP[c]!;
  if (v === 0) {
    v = PUNCT_OR_SPACE.test(String.fromCharCode(c)) ? 2 : 1;
    SEP[c] = v;
  }
  return v === 2;
}
for (let c = 0; c < 128; c++) isSep(c);

/** Lowercase, punctuation and symbols dropped, whitespace collapsed to single spaces, trimmed. */
export function normaliseText(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let pendingSpace = false;
  let start = 0;
  let i = 0;
  // Copy runs of kept chars with slice: far cheaper than appending char by char.
  for (; i < lower.length; i++) {
    if (isSep(lower.charCodeAt(i))) {
      if (i > start) {
        if (pendingSpace && out.length > 0) out += ' ';
        out += lower.slice(start, i);
        pendingSpace = false;
      }
      pendingSpace = true;
      start = i + 1;
    }
  }
  if (i > start) {
    if (pendingSpace && out.length > 0) out += ' ';
    out += lower.slice(start, i);
  }
  return out;
}

/** cyrb53's final mix of the two 32-bit lanes into 53 bits, as 14 hex chars. */
function finish(a: number, b: number): string {
  const h1 = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  const h2 = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
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
  return finish(h1, h2);
}

/** Same value as hashString(normaliseText(text)), without building the normalised string. */
export function blockFingerprint(text: string): string {
  const lower = text.toLowerCase();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let pendingSpace = false;
  let any = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const v = SEP[c]!;
    if (v === 2 || (v === 0 && isSep(c))) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && any) {
      h1 = Math.imul(h1 ^ 32, 2654435761);
      h2 = Math.imul(h2 ^ 32, 1597334677);
    }
    pendingSpace = false;
    any = true;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish(h1, h2);
}
