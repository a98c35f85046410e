import { parseDocument } from 'htmlparser2';
import type { Document } from 'domhandler';

/** One parse that other packages can reuse: lower-cased names, entities decoded, no source offsets. */
export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

export type InputProblem = 'empty-input' | 'not-html' | undefined;

/**
 * Cheap sniffing on a prefix only: binary data (NULs, control characters, many U+FFFD from a
 * wrong decode) and plain text would otherwise be "extracted" as garbage.
 */
export function checkInput(html: string): InputProblem {
  if (!/\S/.test(html)) return 'empty-input'; // stops at the first non-space char
  const sample = html.length > 8192 ? html.slice(0, 8192) : html;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  if (bad > sample.length * 0.05) return 'not-html';
  const head = html.length > 65536 ? html.slice(0, 65536) : html;
  if (!/<[a-zA-Z!?\/]/.test(head)) return 'not-html';
  return undefined;
}
