import { inflateRawSync } from 'node:zlib';
import { readWarcRecords, parseHttpResponse, WarcFormatError } from './read.ts';

/** Where one gzip member (one record, as we write them) sits in a .warc.gz buffer. */
export interface MemberSpan {
  offset: number;
  length: number;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/**
 * The gzip members of a .warc.gz buffer. Replay tools seek to a record by (offset, length) and
 * inflate that one member, so an index needs the member boundaries, which only inflating tells:
 * zlib reports how many input bytes the deflate stream used.
 */
export function gzipMembers(buf: Uint8Array): MemberSpan[] {
  const spans: MemberSpan[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf[pos] !== 0x1f || buf[pos + 1] !== 0x8b || buf[pos + 2] !== 8) throw new WarcFormatError(`No gzip member at byte ${pos}`);
    const flags = buf[pos + 3] ?? 0;
    let p = pos + 10;
    if (flags & FEXTRA) p += 2 + ((buf[p] ?? 0) | ((buf[p + 1] ?? 0) << 8));
    if (flags & FNAME) while (p < buf.length && buf[p++] !== 0);
    if (flags & FCOMMENT) while (p < buf.length && buf[p++] !== 0);
    if (flags & FHCRC) p += 2;
    const { engine } = inflateRawSync(buf.subarray(p), { info: true }) as unknown as { engine: { bytesWritten: number } };
    const end = p + engine.bytesWritten + 8;
    if (end > buf.length) throw new WarcFormatError(`Gzip member at byte ${pos} is truncated`);
    spans.push({ offset: pos, length: end - pos });
    pos = end;
  }
  return spans;
}

/** One CDXJ line's JSON part, as pywb and ReplayWeb.page read it. */
export interface CdxjEntry {
  url: string;
  /** 14-digit UTC timestamp (yyyyMMddHHmmss). */
  timestamp: string;
  mime: string;
  status?: string;
  digest?: string;
  length: string;
  offset: string;
  filename: string;
  /** Extra fields of ours (e.g. the source that made the capture); replay tools ignore them. */
  [extra: string]: string | undefined;
}

/**
 * Sort-friendly URL key (SURT) as pywb writes it: scheme and `www.` dropped, host labels reversed,
 * default port dropped, query parameters sorted, lower case.
 */
export function surt(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.toLowerCase();
  }
  const host = u.hostname
    .toLowerCase()
    .replace(/^www\d*\./, '')
    .split('.')
    .reverse()
    .join(',');
  const port = u.port ? `:${u.port}` : '';
  const params = [...u.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${port})${u.pathname}${query}`.toLowerCase();
}

export function cdxjTimestamp(date: string): string {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid capture date: ${date}`);
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function cdxjLine(entry: CdxjEntry): string {
  const { url, timestamp, ...rest } = entry;
  return `${surt(url)} ${timestamp} ${JSON.stringify({ url, ...rest })}`;
}

export function parseCdxjLine(line: string): CdxjEntry {
  const m = /^(\S+) (\d{14}) (\{.*\})$/.exec(line.trim());
  if (!m) throw new WarcFormatError(`Not a CDXJ line: ${JSON.stringify(line.slice(0, 80))}`);
  return { ...(JSON.parse(m[3]!) as Omit<CdxjEntry, 'timestamp'>), timestamp: m[2]! } as CdxjEntry;
}

/**
 * The CDXJ entries of one .warc.gz object (one gzip member per record): a line for each response
 * and revisit record, with its member's offset and length in `filename`. Request and metadata
 * records are not captures and get none.
 */
export function indexWarc(data: Uint8Array, filename: string, extra: Record<string, string> = {}): CdxjEntry[] {
  const entries: CdxjEntry[] = [];
  for (const span of gzipMembers(data)) {
    const [rec] = readWarcRecords(data.subarray(span.offset, span.offset + span.length));
    if (!rec || (rec.type !== 'response' && rec.type !== 'revisit')) continue;
    const http = parseHttpResponse(rec.block);
    const contentType = http.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    const digest = rec.get('WARC-Payload-Digest');
    entries.push({
      url: rec.get('WARC-Target-URI') ?? '',
      timestamp: cdxjTimestamp(rec.get('WARC-Date') ?? ''),
      mime: rec.type === 'revisit' ? 'warc/revisit' : (contentType?.split(';')[0]?.trim().toLowerCase() ?? 'unk'),
      status: String(http.status),
      ...(digest ? { digest } : {}),
      length: String(span.length),
      offset: String(span.offset),
      filename,
      ...extra,
    });
  }
  return entries;
}

/** CDXJ files are sorted by (SURT, timestamp) so that lookups can binary-search them. */
export function sortCdxj(lines: string[]): string[] {
  return [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
