import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { shortHash } from '@ingest/ids';
import { cdxjLine, sortCdxj, type CdxjEntry } from './cdxj.ts';
import { waczHash } from './digest.ts';

/** One archived object and its CDXJ entries, offsets relative to `bytes`. */
export interface WaczCapture {
  bytes: Uint8Array;
  entries: CdxjEntry[];
}

export interface WaczOptions {
  title?: string;
  description?: string;
  software?: string;
  /** ISO time written as `created`; default now. Fixed in tests to get identical packages. */
  created?: string;
}

export interface WaczSummary {
  captures: number;
  pages: number;
  warcBytes: number;
  bytes: number;
}

export const WACZ_VERSION = '1.1.1';
export const WACZ_WARC_NAME = 'data.warc.gz';
const HTML = new Set(['text/html', 'application/xhtml+xml']);

function isoFromTimestamp(ts: string): string {
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}Z`;
}

/**
 * Writes a WACZ 1.1 package: every capture's records copied byte for byte into one
 * `archive/data.warc.gz` (gzip members concatenate), `indexes/index.cdxj` pointing into it,
 * `pages/pages.jsonl` (the HTML pages captured with 200), `datapackage.json` with the SHA-256
 * and size of each file, and `datapackage-digest.json`. WARCs are stored uncompressed in the zip
 * so that replay tools can range-read them.
 */
export async function writeWacz(file: string, captures: AsyncIterable<WaczCapture>, options: WaczOptions = {}): Promise<WaczSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'wacz-'));
  try {
    const warcPath = join(dir, WACZ_WARC_NAME);
    const warcOut = createWriteStream(warcPath);
    const warcHash = createHash('sha256');
    const lines: string[] = [];
    const pages = new Map<string, { url: string; ts: string }>();
    let offset = 0;
    let count = 0;
    for await (const capture of captures) {
      for (const e of capture.entries) {
        lines.push(cdxjLine({ ...e, offset: String(offset + Number(e.offset)), filename: WACZ_WARC_NAME }));
        if (e.status === '200' && HTML.has(e.mime) && !pages.has(e.url)) pages.set(e.url, { url: e.url, ts: isoFromTimestamp(e.timestamp) });
        count++;
      }
      warcHash.update(capture.bytes);
      if (!warcOut.write(capture.bytes)) await once(warcOut, 'drain');
      offset += capture.bytes.length;
    }
    warcOut.end();
    await once(warcOut, 'finish');

    const index = Buffer.from(sortCdxj(lines).join('\n') + (lines.length > 0 ? '\n' : ''));
    const pageLines = [JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' })];
    for (const p of [...pages.values()].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))) pageLines.push(JSON.stringify({ id: shortHash(p.url, 32), url: p.url, ts: p.ts }));
    const pagesFile = Buffer.from(pageLines.join('\n') + '\n');
    const created = options.created ?? new Date().toISOString();
    const datapackage = Buffer.from(
      JSON.stringify(
        {
          profile: 'data-package',
          wacz_version: WACZ_VERSION,
          title: options.title ?? 'ingest archive',
          ...(options.description ? { description: options.description } : {}),
          created,
          modified: created,
          software: options.software ?? 'ingest',
          ...(pages.size > 0 ? { mainPageURL: [...pages.values()][0]!.url, mainPageDate: [...pages.values()][0]!.ts } : {}),
          resources: [
            { name: WACZ_WARC_NAME, path: `archive/${WACZ_WARC_NAME}`, hash: `sha256:${warcHash.digest('hex')}`, bytes: (await stat(warcPath)).size },
            { name: 'index.cdxj', path: 'indexes/index.cdxj', hash: waczHash(index), bytes: index.length },
            { name: 'pages.jsonl', path: 'pages/pages.jsonl', hash: waczHash(pagesFile), bytes: pagesFile.length },
          ],
        },
        null,
        2,
      ),
    );
    const digestFile = Buffer.from(JSON.stringify({ path: 'datapackage.json', hash: waczHash(datapackage) }, null, 2));

    const mtime = new Date(created);
    const zip = new ZipFile();
    zip.addFile(warcPath, `archive/${WACZ_WARC_NAME}`, { compress: false, mtime });
    zip.addBuffer(index, 'indexes/index.cdxj', { mtime });
    zip.addBuffer(pagesFile, 'pages/pages.jsonl', { mtime });
    zip.addBuffer(datapackage, 'datapackage.json', { mtime });
    zip.addBuffer(digestFile, 'datapackage-digest.json', { mtime });
    zip.end();
    const out = createWriteStream(file);
    zip.outputStream.pipe(out);
    await once(out, 'finish');
    return { captures: count, pages: pages.size, warcBytes: offset, bytes: (await stat(file)).size };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
