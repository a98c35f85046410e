import { STATUS_CODES } from 'node:http';

export type HeaderInput = Record<string, string> | ReadonlyArray<readonly [string, string]>;

export function headerPairs(headers: HeaderInput): [string, string][] {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers as Record<string, string>);
  return pairs.map(([k, v]) => [clean(k), clean(v)]);
}

/** Header values come from remote servers; CR/LF in them would forge WARC or HTTP header lines. */
export function clean(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

// The stored body is after transfer- and content-decoding, so the original framing headers no longer
// describe it. They are kept under X-Archive-Orig-* (the pywb convention) and Content-Length is
// recomputed, so replay tools do not try to gunzip plain bytes.
const FRAMING = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

export function rewriteFraming(pairs: [string, string][], bodyLength: number): [string, string][] {
  const out: [string, string][] = pairs.map(([k, v]) => (FRAMING.has(k.toLowerCase()) ? [`X-Archive-Orig-${k}`, v] : [k, v]));
  out.push(['Content-Length', String(bodyLength)]);
  return out;
}

function headerBlock(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

export function httpRequestBlock(method: string, url: string, httpVersion: string, headers: [string, string][], body: Uint8Array): Buffer {
  const u = new URL(url);
  const head = `${method} ${u.pathname}${u.search} HTTP/${httpVersion}\r\n` + headerBlock(headers);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

export function httpResponseBlock(status: number, statusText: string | undefined, httpVersion: string, headers: [string, string][], body: Uint8Array): Buffer {
  const reason = clean(statusText ?? STATUS_CODES[status] ?? '');
  const head = `HTTP/${httpVersion} ${status} ${reason}\r\n` + headerBlock(headers);
  // Header bytes are written as latin1: that is how they travelled (RFC 9110 field values are octets).
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
