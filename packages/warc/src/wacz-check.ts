import { gunzipSync, inflateRawSync } from 'node:zlib';
import { parseCdxjLine, cdxjTimestamp } from './cdxj.ts';
import { waczHash } from './digest.ts';
import { readWarcRecords } from './read.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  data: Buffer;
}

/** The entries of a zip buffer, from its central directory (no ZIP64: packages here are small enough to check in memory). */
export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    entries.push({ name, method, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export interface WaczCheck {
  files: string[];
  resources: number;
  captures: number;
  pages: number;
  /** Everything that does not hold; empty for a valid package. */
  problems: string[];
}

/**
 * Structural checks of a WACZ 1.1 package, the ones replay tools depend on: datapackage.json
 * lists every file with the right SHA-256 and size (and datapackage-digest.json its own hash),
 * WARCs are stored uncompressed, every CDXJ line's offset and length cut out one gzip member
 * holding a response or revisit record of that URL and time, and every page has a capture.
 */
export function checkWacz(zip: Buffer): WaczCheck {
  const problems: string[] = [];
  const entries = readZip(zip);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const report: WaczCheck = { files: entries.map((e) => e.name), resources: 0, captures: 0, pages: 0, problems };
  const dp = byName.get('datapackage.json');
  if (!dp) {
    problems.push('datapackage.json is missing');
    return report;
  }
  const pkg = JSON.parse(dp.data.toString('utf8')) as { profile?: string; wacz_version?: string; resources?: { path: string; hash: string; bytes: number }[] };
  if (pkg.profile !== 'data-package') problems.push(`datapackage.json profile is ${String(pkg.profile)}, expected data-package`);
  if (!pkg.wacz_version?.startsWith('1.1')) problems.push(`wacz_version is ${String(pkg.wacz_version)}, expected 1.1.x`);
  const digest = byName.get('datapackage-digest.json');
  if (digest && (JSON.parse(digest.data.toString('utf8')) as { hash?: string }).hash !== waczHash(dp.data)) problems.push('datapackage-digest.json does not match datapackage.json');
  for (const r of pkg.resources ?? []) {
    report.resources++;
    const e = byName.get(r.path);
    if (!e) problems.push(`${r.path} is listed in datapackage.json but missing`);
    else if (waczHash(e.data) !== r.hash || e.data.length !== r.bytes) problems.push(`${r.path}: hash or size differs from datapackage.json`);
  }
  for (const e of entries) {
    if (e.name === 'datapackage.json' || e.name === 'datapackage-digest.json') continue;
    if (!(pkg.resources ?? []).some((r) => r.path === e.name)) problems.push(`${e.name} is not listed in datapackage.json`);
    if (e.name.startsWith('archive/') && e.method !== 0) problems.push(`${e.name} is compressed in the zip; WARCs must be stored`);
  }
  const index = byName.get('indexes/index.cdxj');
  const captured = new Set<string>();
  if (!index) problems.push('indexes/index.cdxj is missing');
  else {
    const lines = index.data
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    if (lines.some((l, i) => i > 0 && l < lines[i - 1]!)) problems.push('indexes/index.cdxj is not sorted');
    for (const line of lines) {
      report.captures++;
      const c = parseCdxjLine(line);
      const warc = byName.get(`archive/${c.filename}`);
      if (!warc) {
        problems.push(`CDXJ line for ${c.url} names archive/${c.filename}, which is missing`);
        continue;
      }
      try {
        const member = warc.data.subarray(Number(c.offset), Number(c.offset) + Number(c.length));
        const [rec, ...more] = readWarcRecords(gunzipSync(member));
        const uri = rec?.get('WARC-Target-URI');
        const ts = rec ? cdxjTimestamp(rec.get('WARC-Date') ?? '') : '';
        if (!rec || more.length > 0 || (rec.type !== 'response' && rec.type !== 'revisit') || uri !== c.url || ts !== c.timestamp) {
          problems.push(`CDXJ line for ${c.url} at ${c.offset}+${c.length} points at ${rec ? `${rec.type} ${uri ?? ''} ${ts}` : 'nothing'}`);
        } else captured.add(c.url);
      } catch (err) {
        problems.push(`CDXJ line for ${c.url} at ${c.offset}+${c.length} is not one gzip member: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const pages = byName.get('pages/pages.jsonl');
  if (!pages) problems.push('pages/pages.jsonl is missing');
  else {
    const [header, ...rest] = pages.data
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { format?: string; url?: string; ts?: string });
    if (header?.format !== 'json-pages-1.0') problems.push('pages/pages.jsonl does not start with a json-pages-1.0 header');
    for (const p of rest) {
      report.pages++;
      if (!p.url || !p.ts || !captured.has(p.url)) problems.push(`page ${String(p.url)} has no capture in the index`);
    }
  }
  return report;
}
