import { getAttribute, encodingFromContent, isAlpha, isSpace, type Attribute } from './prescan.ts';
import { getEncoding, metaOverride } from './labels.ts';

// Elements whose content the tokenizer reads as text up to the matching end tag (scripting on, so
// <noscript> too): a "<meta charset" inside a script string is not a meta element.
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'title', 'textarea']);

function readTag(s: string, start: number): { name: string; attrs: Attribute[]; next: number } {
  let j = start;
  while (j < s.length && !isSpace(s.charAt(j)) && s.charAt(j) !== '/' && s.charAt(j) !== '>') j++;
  const name = s.slice(start, j).toLowerCase();
  const attrs: Attribute[] = [];
  const seen = new Set<string>();
  for (;;) {
    const { attr, next } = getAttribute(s, j);
    j = next;
    if (!attr) break;
    // the tokenizer drops a repeated attribute name
    if (!seen.has(attr.name)) attrs.push(attr);
    seen.add(attr.name);
  }
  return { name, attrs, next: j + 1 };
}

/** The tree builder's rule for a <meta> start tag: charset first, else http-equiv=content-type with content. */
function treeMetaEncoding(attrs: Attribute[]): string | null {
  const get = (n: string) => attrs.find((a) => a.name === n)?.value;
  const charset = get('charset');
  const fromCharset = charset === undefined ? null : getEncoding(charset);
  if (fromCharset) return fromCharset;
  const content = get('content');
  if (get('http-equiv')?.trim() === 'content-type' && content !== undefined) return encodingFromContent(content);
  return null;
}

/**
 * What the HTML tree builder does when it meets a <meta> declaring an encoding while the encoding
 * is still tentative ("change the encoding", §13.2.6.4.4): it reparses with that encoding. This is
 * how browsers honour a meta that comes after the prescan's 1024 bytes (behind a long comment or
 * inline script). The tokenizer is followed closely enough for this purpose: comments, bogus
 * comments and raw-text elements are skipped, the first meta that names a valid encoding wins.
 * Returns the encoding name with the UTF-16 / x-user-defined mapping applied, or null.
 */
export function parserMetaEncoding(bytes: Uint8Array): string | null {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let i = s.indexOf('<');
  while (i !== -1 && i < s.length) {
    const c1 = s.charAt(i + 1);
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 2);
      const bang = s.indexOf('--!>', i + 4);
      const stop = end === -1 ? bang : bang === -1 ? end : Math.min(end, bang);
      if (stop === -1) return null;
      i = s.indexOf('<', stop + 3);
    } else if (isAlpha(c1)) {
      const tag = readTag(s, i + 1);
      if (tag.name === 'meta') {
        const enc = treeMetaEncoding(tag.attrs);
        if (enc) return metaOverride(enc);
      }
      if (tag.name === 'plaintext') return null;
      let next = tag.next;
      if (RAW_TEXT.has(tag.name)) next = rawTextEnd(s, next, tag.name);
      i = next === -1 ? -1 : s.indexOf('<', next);
    } else if (c1 === '/' && isAlpha(s.charAt(i + 2))) {
      i = s.indexOf('<', readTag(s, i + 2).next);
    } else if (c1 === '!' || c1 === '/' || c1 === '?') {
      const end = s.indexOf('>', i + 2);
      i = end === -1 ? -1 : s.indexOf('<', end + 1);
    } else {
      i = s.indexOf('<', i + 1);
    }
  }
  return null;
}

/** Index just past the end tag that closes a raw-text element, or -1 when it never closes. */
function rawTextEnd(s: string, from: number, name: string): number {
  const lower = name.length;
  for (let i = s.indexOf('</', from); i !== -1; i = s.indexOf('</', i + 2)) {
    if (s.slice(i + 2, i + 2 + lower).toLowerCase() !== name) continue;
    const after = s.charAt(i + 2 + lower);
    if (isSpace(after) || after === '/' || after === '>' || after === '') return i + 2 + lower;
  }
  return -1;
}
