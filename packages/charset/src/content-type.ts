/** The MIME essence ("text/html") of a Content-Type header, lower-cased, or null. */
export function mimeEssence(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === '' ? null : essence;
}

/** The charset parameter of a Content-Type header, or null. */
export function charsetParam(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = (m?.[1] ?? m?.[2] ?? '').trim();
  return value === '' ? null : value;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
// Types servers send when they do not know better; the body decides for these.
const UNKNOWN_TYPES = new Set(['application/octet-stream', 'application/unknown', 'unknown/unknown', '*/*', 'text/plain']);

/**
 * Whether a response should be treated as HTML. With a missing or generic Content-Type, the first
 * bytes are sniffed the way the WHATWG MIME sniffing standard does for HTML.
 */
export function isHtmlContentType(contentType: string | null | undefined, body?: Uint8Array): boolean {
  const essence = mimeEssence(contentType);
  if (essence && HTML_TYPES.has(essence)) return true;
  if (essence && !UNKNOWN_TYPES.has(essence)) return false;
  if (essence === 'text/plain' && contentType && /charset=/i.test(contentType)) return false;
  return body !== undefined && sniffHtml(body);
}

const HTML_SIGNATURES = ['<!doctype html', '<html', '<head', '<script', '<iframe', '<h1', '<div', '<font', '<table', '<a', '<style', '<title', '<b', '<body', '<br', '<p', '<!--'];

export function sniffHtml(body: Uint8Array): boolean {
  let start = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
  while (start < body.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(body[start] ?? 0)) start++;
  const head = Buffer.from(body.subarray(start, start + 16))
    .toString('latin1')
    .toLowerCase();
  return HTML_SIGNATURES.some((sig) => {
    if (!head.startsWith(sig)) return false;
    // The signature must be followed by a tag-terminating byte (space or '>'), e.g. "<b>" but not "<bogus".
    const next = head.charCodeAt(sig.length);
    return sig === '<!--' || next === 0x20 || next === 0x3e || Number.isNaN(next);
  });
}
