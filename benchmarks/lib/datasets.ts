// Dataset loading shared by the extraction benchmarks: decompression and charset decoding happen
// here, outside any timed section.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export const DATASETS = process.env.DATASETS_DIR ?? '/work/shared/datasets';

export function decodeHtml(buf: Buffer): string {
  const head = buf.subarray(0, 4096).toString('latin1');
  let enc = /<meta[^>]+charset=["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (!enc) enc = (chardet.detect(buf) ?? 'utf-8').toLowerCase();
  if (enc === 'utf8' || enc === 'utf-8' || !iconv.encodingExists(enc)) return buf.toString('utf8');
  return iconv.decode(buf, enc);
}

export interface TrafPage {
  url: string;
  file: string;
  html: string;
  with: string[];
  without: string[];
}

export function loadTrafilatura(limit = Infinity): TrafPage[] {
  const dir = join(DATASETS, 'trafilatura-eval');
  const data = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<string, { file: string; with: string[]; without: string[] }>;
  const out: TrafPage[] = [];
  for (const [url, v] of Object.entries(data)) {
    if (out.length >= limit) break;
    let buf: Buffer;
    try {
      buf = gunzipSync(readFileSync(join(dir, 'html', v.file + '.gz')));
    } catch {
      continue;
    }
    out.push({ url: url.startsWith('hard::') ? 'https://example.org/' : url, file: v.file, html: decodeHtml(buf), with: v.with, without: v.without });
  }
  return out;
}

export interface FundusPage {
  url: string;
  file: string;
  html: string;
  body: string;
  publisher: string;
}

export function loadFundus(limit = Infinity): FundusPage[] {
  const dir = join(DATASETS, 'fundus-dev');
  const data = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { url: string; file: string; body: string; publisher: string }[];
  const out: FundusPage[] = [];
  for (const v of data.slice(0, limit)) {
    out.push({ url: v.url, file: v.file, body: v.body, publisher: v.publisher, html: decodeHtml(gunzipSync(readFileSync(join(dir, 'html', v.file)))) });
  }
  return out;
}

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
