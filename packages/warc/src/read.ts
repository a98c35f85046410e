import { gunzipSync } from 'node:zlib';

export interface WarcRecord {
  /** WARC header fields with their original names. */
  fields: [string, string][];
  type: string;
  block: Buffer;
  /** Case-insensitive lookup of a WARC field. */
  get(name: string): string | undefined;
}

export interface WarcHttpResponse {
  targetUri: string;
  date: string;
  recordId: string;
  ipAddress: string | null;
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Buffer;
}

export class WarcFormatError extends Error {
  override name = 'WarcFormatError';
}

/** All records of a .warc or .warc.gz buffer (gzip members may be concatenated). */
export function readWarcRecords(input: Uint8Array): WarcRecord[] {
  const buf = input[0] === 0x1f && input[1] === 0x8b ? gunzip(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const records: WarcRecord[] = [];
  let pos = 0;
  while (pos < buf.length) {
    // Tolerate stray blank lines between records.
    while (pos < buf.length && (buf[pos] === 0x0d || buf[pos] === 0x0a)) pos++;
    if (pos >= buf.length) break;
    const headEnd = buf.indexOf('\r\n\r\n', pos);
    if (headEnd === -1) throw new WarcFormatError(`Truncated WARC header at byte ${pos}`);
    const lines = buf.subarray(pos, headEnd).toString('utf8').split('\r\n');
    const version = lines.shift() ?? '';
    if (!version.startsWith('WARC/')) throw new WarcFormatError(`Expected a WARC version line at byte ${pos}, got ${JSON.stringify(version.slice(0, 20))}`);
    const fields = parseFields(lines);
    const get = (name: string) => fields.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    const length = Number(get('Content-Length'));
    if (!Number.isInteger(length) || length < 0) throw new WarcFormatError(`Missing or invalid Content-Length in record at byte ${pos}`);
    const blockStart = headEnd + 4;
    if (blockStart + length > buf.length) throw new WarcFormatError(`Record at byte ${pos} is truncated`);
    records.push({ fields, type: get('WARC-Type') ?? '', block: buf.subarray(blockStart, blockStart + length), get });
    pos = blockStart + length;
  }
  return records;
}

/** A cut-off or damaged gzip member is a damaged WARC, not an internal error. */
function gunzip(input: Uint8Array): Buffer {
  try {
    return gunzipSync(input);
  } catch (err) {
    throw new WarcFormatError(`Unreadable gzip data (${(err as Error).message})`, { cause: err });
  }
}

function parseFields(lines: string[]): [string, string][] {
  const fields: [string, string][] = [];
  for (const line of lines) {
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last[1] += ' ' + line.trim(); // obsolete line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

/** Splits an application/http;msgtype=response block into status, headers and payload. */
export function parseHttpResponse(block: Buffer): { status: number; statusText: string; headers: [string, string][]; body: Buffer } {
  const headEnd = block.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new WarcFormatError('HTTP response block has no end of headers');
  const lines = block.subarray(0, headEnd).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s?(.*)$/.exec(lines.shift() ?? '');
  if (!m) throw new WarcFormatError('HTTP response block has no status line');
  return { status: Number(m[1]), statusText: m[2] ?? '', headers: parseFields(lines), body: block.subarray(headEnd + 4) };
}

/** The first response record of a WARC buffer, with its HTTP status, headers and payload. */
export function readWarcResponse(input: Uint8Array): WarcHttpResponse {
  const rec = readWarcRecords(input).find((r) => r.type === 'response');
  if (!rec) throw new WarcFormatError('No response record found');
  return {
    targetUri: rec.get('WARC-Target-URI') ?? '',
    date: rec.get('WARC-Date') ?? '',
    recordId: rec.get('WARC-Record-ID') ?? '',
    ipAddress: rec.get('WARC-IP-Address') ?? null,
    ...parseHttpResponse(rec.block),
  };
}
