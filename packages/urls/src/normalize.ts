import { PermanentError } from '@ingest/errors';

export const DEFAULT_MAX_URL_LENGTH = 2048;

// Parameters that only identify the campaign or click that led to a page. Two URLs that differ only
// in these are the same document, so keeping them would create duplicate documents in the index.
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  '_ga',
  '_gl',
  'yclid',
  'ref_src',
  'ref_url',
  'twclid',
  'ttclid',
  'li_fat_id',
  'wt.mc_id',
  'oly_anon_id',
  'oly_enc_id',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  's_cid',
  'srsltid',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

export interface NormalizeOptions {
  maxLength?: number;
}

export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * Canonical form of an http(s) URL, used as the identity of a document.
 * WHATWG parsing already lowercases scheme and host, converts IDN to punycode, drops default
 * ports and resolves dot segments; on top of that we drop the fragment, credentials and tracking
 * parameters, sort the query and normalise percent-encoding.
 */
export function normalizeUrl(input: string, base?: string, options: NormalizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_URL_LENGTH;
  const raw = input.trim();
  // Refuse absurd inputs before parsing: the canonical form can only be a little shorter.
  if (raw.length > maxLength * 4) {
    throw new PermanentError('URL_TOO_LONG', `URL is ${raw.length} characters long; the limit is ${maxLength}`, {
      details: { url: raw.slice(0, 200) },
    });
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (cause) {
    throw new PermanentError('INVALID_URL', `Not a valid URL: ${JSON.stringify(raw.slice(0, 200))}${base ? ` (base ${base})` : ''}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PermanentError('UNSUPPORTED_SCHEME', `Only http and https URLs are fetched, got ${url.protocol.slice(0, -1)}: ${raw.slice(0, 200)}`, {
      details: { scheme: url.protocol.slice(0, -1) },
    });
  }
  if (url.hostname === '') throw new PermanentError('INVALID_URL', `URL has no host: ${raw.slice(0, 200)}`);

  // "example.com." and "example.com" name the same host; the trailing dot only makes duplicates.
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) url.hostname = url.hostname.replace(/\.+$/, '');
  url.username = '';
  url.password = '';
  url.hash = '';
  url.pathname = normalizePercentEncoding(url.pathname);
  url.search = canonicalQuery(url.search);

  const out = url.href;
  if (out.length > maxLength) {
    throw new PermanentError('URL_TOO_LONG', `URL is ${out.length} characters long after normalisation; the limit is ${maxLength}`, {
      details: { url: out.slice(0, 200) },
    });
  }
  return out;
}

// Keeps each parameter's raw bytes (re-serialising through URLSearchParams would turn %20 into +,
// which some servers treat differently) and only reorders and filters them.
function canonicalQuery(search: string): string {
  if (search === '' || search === '?') return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => normalizePercentEncoding(p))
    .filter((p) => !isTrackingParam(decodeKey(p)));
  if (pairs.length === 0) return '';
  const keyed = pairs.map((p) => ({ p, key: decodeKey(p) }));
  keyed.sort((a, b) => compare(a.key, b.key) || compare(a.p, b.p));
  return '?' + keyed.map((k) => k.p).join('&');
}

function decodeKey(pair: string): string {
  const eq = pair.indexOf('=');
  const rawKey = (eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(rawKey);
  } catch {
    return rawKey;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 3986 §6.2.2: uppercase percent-escapes and decode the ones that encode unreserved characters. */
function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}
