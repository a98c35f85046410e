import { getEncoding, metaOverride } from './labels.ts';

// Byte-level reading of the HTML standard, §13.2.3.2 "Prescan a byte stream to determine its
// encoding". Bytes are handled as latin1 code units so that index i is byte i.

export const isSpace = (c: string) => c === '\t' || c === '\n' || c === '\f' || c === '\r' || c === ' ';
export const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

export interface Attribute {
  name: string;
  value: string;
}

/**
 * The standard's "get an attribute" from position `i`: names and values are lower-cased, a quoted
 * value runs to the matching quote, an unquoted one to whitespace or '>'. Returns null (with the
 * position at '>' or the end) when there are no more attributes.
 */
export function getAttribute(s: string, start: number): { attr: Attribute | null; next: number } {
  let i = start;
  while (i < s.length && (isSpace(s.charAt(i)) || s.charAt(i) === '/')) i++;
  if (i >= s.length || s.charAt(i) === '>') return { attr: null, next: i };
  let name = '';
  let value = '';
  // attribute name
  for (;;) {
    if (i >= s.length) return { attr: null, next: i };
    const c = s.charAt(i);
    if (c === '=' && name !== '') {
      i++;
      break;
    }
    if (isSpace(c)) {
      while (i < s.length && isSpace(s.charAt(i))) i++;
      if (s.charAt(i) !== '=') return { attr: { name, value: '' }, next: i };
      i++;
      break;
    }
    if (c === '/' || c === '>') return { attr: { name, value: '' }, next: i };
    name += c.toLowerCase();
    i++;
  }
  // value
  while (i < s.length && isSpace(s.charAt(i))) i++;
  if (i >= s.length) return { attr: null, next: i };
  const q = s.charAt(i);
  if (q === '"' || q === "'") {
    const end = s.indexOf(q, i + 1);
    if (end === -1) return { attr: null, next: s.length };
    return { attr: { name, value: s.slice(i + 1, end).toLowerCase() }, next: end + 1 };
  }
  if (q === '>') return { attr: { name, value: '' }, next: i };
  while (i < s.length && !isSpace(s.charAt(i)) && s.charAt(i) !== '>') value += s.charAt(i++).toLowerCase();
  if (i >= s.length) return { attr: null, next: i };
  return { attr: { name, value }, next: i };
}

/** The standard's "algorithm for extracting a character encoding from a meta element". */
export function encodingFromContent(content: string): string | null {
  const lower = content.toLowerCase();
  let pos = 0;
  for (;;) {
    const at = lower.indexOf('charset', pos);
    if (at === -1) return null;
    let i = at + 7;
    while (i < lower.length && isSpace(lower.charAt(i))) i++;
    if (lower.charAt(i) !== '=') {
      pos = i;
      continue;
    }
    i++;
    while (i < lower.length && isSpace(lower.charAt(i))) i++;
    if (i >= lower.length) return null;
    const q = lower.charAt(i);
    if (q === '"' || q === "'") {
      const end = lower.indexOf(q, i + 1);
      return end === -1 ? null : getEncoding(lower.slice(i + 1, end));
    }
    let j = i;
    while (j < lower.length && !isSpace(lower.charAt(j)) && lower.charAt(j) !== ';') j++;
    return getEncoding(lower.slice(i, j));
  }
}

/** The meta step of the prescan: charset/content/http-equiv in attribute order, first name wins. */
function metaEncoding(s: string, start: number): { encoding: string | null; next: number } {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | null = null;
  let charset: string | null | 'failure' = null;
  let i = start;
  for (;;) {
    const { attr, next } = getAttribute(s, i);
    i = next;
    if (!attr) break;
    if (seen.has(attr.name)) continue;
    seen.add(attr.name);
    if (attr.name === 'http-equiv') {
      if (attr.value === 'content-type') gotPragma = true;
    } else if (attr.name === 'content') {
      const enc = encodingFromContent(attr.value);
      if (enc && charset === null) {
        charset = enc;
        needPragma = true;
      }
    } else if (attr.name === 'charset' && charset === null) {
      charset = getEncoding(attr.value) ?? 'failure';
      needPragma = false;
    }
  }
  if (needPragma === null || (needPragma && !gotPragma) || charset === null || charset === 'failure') return { encoding: null, next: i };
  return { encoding: metaOverride(charset), next: i };
}

/**
 * The standard's prescan over the first `limit` bytes (1024, as the standard encourages): the
 * UTF-16 XML declarations, comments skipped, `<meta charset>` and
 * `<meta http-equiv=content-type content="…charset=…">` read with the standard's attribute rules,
 * other tags' attributes consumed so a charset inside an attribute value or comment is not picked
 * up, and a meta whose label is not an encoding skipped in favour of a later one. Returns the
 * WHATWG encoding name (UTF-16 and x-user-defined already mapped as the standard says), or null.
 */
export function prescanEncoding(bytes: Uint8Array, limit = 1024): string | null {
  const s = Buffer.from(bytes.subarray(0, limit)).toString('latin1');
  if (s.startsWith('<\0?\0x\0')) return 'utf-16le';
  if (s.startsWith('\0<\0?\0x')) return 'utf-16be';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('<!--', i)) {
      // the first '>' preceded by "--" after the '<' ("<!-->" closes itself)
      const end = s.indexOf('-->', i + 2);
      if (end === -1) return null;
      i = end + 3;
      continue;
    }
    if (s.charAt(i) === '<' && s.slice(i + 1, i + 5).toLowerCase() === 'meta' && (isSpace(s.charAt(i + 5)) || s.charAt(i + 5) === '/')) {
      const { encoding, next } = metaEncoding(s, i + 6);
      if (encoding) return encoding;
      i = next + 1;
      continue;
    }
    if (s.charAt(i) === '<' && (isAlpha(s.charAt(i + 1)) || (s.charAt(i + 1) === '/' && isAlpha(s.charAt(i + 2))))) {
      let j = i + 1;
      while (j < s.length && !isSpace(s.charAt(j)) && s.charAt(j) !== '>') j++;
      for (;;) {
        const { attr, next } = getAttribute(s, j);
        j = next;
        if (!attr) break;
      }
      i = j + 1;
      continue;
    }
    if (s.charAt(i) === '<' && (s.charAt(i + 1) === '!' || s.charAt(i + 1) === '/' || s.charAt(i + 1) === '?')) {
      const end = s.indexOf('>', i + 1);
      if (end === -1) return null;
      i = end + 1;
      continue;
    }
    i++;
  }
  return null;
}
