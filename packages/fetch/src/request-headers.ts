import type { FetchOptions } from './options.ts';

const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
// Only encodings readBody can decode: the server must not pick one we would have to refuse.
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/** Request headers for every hop; caller headers are lower-cased so ours cannot be duplicated. */
export function requestHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: ACCEPT };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['user-agent'] = options.userAgent;
  headers['accept-encoding'] = ACCEPT_ENCODING;
  if (options.conditional?.etag) headers['if-none-match'] = options.conditional.etag;
  if (options.conditional?.lastModified) headers['if-modified-since'] = options.conditional.lastModified;
  return headers;
}

/** Response headers with lower-case names; repeated headers joined with ", ". */
export function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
