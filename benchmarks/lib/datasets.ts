// Dataset loading shared by the extraction benchmarks: decompression and charset decoding happen
// here, outside any timed section.
import { readdirSync, readFileSync } from 'node:fs';
import { DomUtils, parseDocument } from 'htmlparser2';
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

export interface ReadabilityTestPage {
  name: string;
  url: string;
  html: string;
  /** Text of expected.html (the article Readability.js keeps). */
  body: string;
  meta: { title?: string | null; byline?: string | null; excerpt?: string | null; siteName?: string | null; publishedTime?: string | null; readerable?: boolean };
}

/** Mozilla Readability's test pages; their own harness serves every page as http://fakehost/test/page.html. */
export function loadReadabilityTests(limit = Infinity): ReadabilityTestPage[] {
  const dir = join(DATASETS, 'readability-tests');
  const out: ReadabilityTestPage[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (out.length >= limit) break;
    let source: Buffer;
    let expected: string;
    try {
      source = gunzipSync(readFileSync(join(dir, name, 'source.html.gz')));
      expected = gunzipSync(readFileSync(join(dir, name, 'expected.html.gz'))).toString('utf8');
    } catch {
      continue;
    }
    let meta: ReadabilityTestPage['meta'] = {};
    try {
      meta = JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')) as ReadabilityTestPage['meta'];
    } catch {
      // some pages come without expected metadata
    }
    out.push({ name, url: 'http://fakehost/test/page.html', html: decodeHtml(source), body: htmlText(expected), meta });
  }
  return out;
}

/** Text content of an HTML fragment, blocks separated by newlines. */
function htmlText(html: string): string {
  return DomUtils.textContent(parseDocument(html))
    .replace(/[ \t\r\f]+/g, ' ')
    .trim();
}
