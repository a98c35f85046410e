import chardet from 'chardet';
import { charsetParam } from './content-type.ts';
import { resolveCharset, type Charset } from './labels.ts';
import { parserMetaEncoding } from './parser-meta.ts';
import { prescanEncoding } from './prescan.ts';

export interface DecodedHtml {
  html: string;
  charset: string;
  source: 'bom' | 'header' | 'meta' | 'detected' | 'default';
}

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8_FATAL.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

function countReplacement(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function countRawReplacement(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  return n;
}

/** A declared UTF-8 that yields many U+FFFD was a lie (common with CMS templates on legacy pages). */
function utf8Misdeclared(bytes: Uint8Array, text: string): boolean {
  const bad = countReplacement(text) - countRawReplacement(bytes);
  return bad > 3 && bad > text.length * 0.002;
}

/**
 * A declared legacy charset over bytes that are valid UTF-8 with non-ASCII content is almost surely
 * UTF-8: legacy-encoded text practically never forms valid multi-byte UTF-8 by accident.
 */
function legacyMisdeclared(charset: Charset, bytes: Uint8Array): boolean {
  return charset.name !== 'utf-8' && !charset.name.startsWith('utf-16') && !isAscii(bytes) && isValidUtf8(bytes);
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

// chardet reports ISO-8859-1 for what browsers decode as windows-1252 (a superset).
const DETECTED_ALIASES: Record<string, string> = { 'iso-8859-1': 'windows-1252' };

function detect(bytes: Uint8Array): DecodedHtml {
  if (isAscii(bytes)) return { html: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', source: 'default' };
  if (isValidUtf8(bytes)) return { html: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', source: 'detected' };
  const best = chardet.analyse(bytes).find((m) => {
    const lower = m.name.toLowerCase();
    return m.confidence >= 10 && !lower.startsWith('utf-16') && !lower.startsWith('utf-32') && resolveCharset(DETECTED_ALIASES[lower] ?? lower);
  });
  const resolved = best ? resolveCharset(DETECTED_ALIASES[best.name.toLowerCase()] ?? best.name) : null;
  if (resolved) return { html: resolved.decode(bytes), charset: resolved.name, source: 'detected' };
  return { html: new TextDecoder('windows-1252').decode(bytes), charset: 'windows-1252', source: 'default' };
}

function tryDeclared(bytes: Uint8Array, charset: Charset | null, source: 'header' | 'meta'): DecodedHtml | null {
  if (!charset) return null;
  if (legacyMisdeclared(charset, bytes)) return { html: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', source: 'detected' };
  const html = charset.decode(bytes);
  if (charset.name === 'utf-8' && utf8Misdeclared(bytes, html)) return null;
  return { html, charset: charset.name, source };
}

/**
 * The encoding a browser settles on from the document itself when no BOM or transport charset
 * decided: the prescan of the first 1024 bytes gives a tentative encoding, and the first <meta>
 * the tree builder meets that names an encoding changes it (a UTF-16 answer from the prescan's XML
 * declaration rule is certain and stays).
 */
function documentEncoding(body: Uint8Array): string | null {
  const prescanned = prescanEncoding(body);
  if (prescanned === 'utf-16le' || prescanned === 'utf-16be') return prescanned;
  return parserMetaEncoding(body) ?? prescanned;
}

/**
 * Decodes an HTML body the way the HTML standard's encoding sniffing picks the encoding — BOM,
 * then the Content-Type charset, then the document's own <meta> (prescan, then the tree builder's
 * "change the encoding"), then detection — with two corrections for labels that are plainly wrong
 * (declared UTF-8 that does not decode, declared legacy charset over valid UTF-8): for indexing,
 * readable text matters more than reproducing a browser's mojibake. Deviation kept on purpose: a
 * transport label only iconv-lite knows (e.g. "maccyrillic") is honoured rather than ignored.
 */
export function decodeHtml(body: Uint8Array, contentType: string | null): DecodedHtml {
  const bom = bomCharset(body);
  if (bom) return { html: new TextDecoder(bom).decode(body), charset: bom, source: 'bom' };

  const fromHeader = tryDeclared(body, resolveCharset(charsetParam(contentType)), 'header');
  if (fromHeader) return fromHeader;

  const fromMeta = tryDeclared(body, resolveCharset(documentEncoding(body)), 'meta');
  if (fromMeta) return fromMeta;

  return detect(body);
}
