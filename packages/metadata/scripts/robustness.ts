/**
 * Robustness and speed on the 990 pages of trafilatura-eval (news, blogs, shops, government pages
 * in many languages; no metadata truth): no exceptions, time per page, how often each field is found.
 *   node packages/metadata/scripts/robustness.ts [--authors]   (--authors lists every author result)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'htmlparser2';
import { extractMetadata } from '../src/index.ts';

const DIR = join(process.env['TRAFILATURA_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/trafilatura-eval', import.meta.url)), 'html');
if (!existsSync(DIR)) {
  console.log(`no dataset at ${DIR}`);
  process.exit(0);
}
const found = { title: 0, publishedAt: 0, authors: 0, language: 0, canonicalUrl: 0, image: 0 };
let pages = 0;
let errors = 0;
let totalMs = 0;
let maxMs = 0;
for (const file of readdirSync(DIR)) {
  const html = gunzipSync(readFileSync(join(DIR, file))).toString('utf8');
  const start = performance.now();
  try {
    const md = extractMetadata(parseDocument(html), `https://example.com/${file}`);
    const ms = performance.now() - start;
    totalMs += ms;
    maxMs = Math.max(maxMs, ms);
    pages++;
    if (md.title) found.title++;
    if (md.publishedAt) found.publishedAt++;
    if (md.authors.length > 0) found.authors++;
    if (md.language) found.language++;
    if (md.canonicalUrl) found.canonicalUrl++;
    if (md.image) found.image++;
    if (process.argv.includes('--authors') && md.authors.length > 0) console.log(`${file}\t${JSON.stringify(md.authors)}`);
  } catch (e) {
    errors++;
    console.log(`ERROR ${file}: ${String(e)}`);
  }
}
console.log(`${pages} pages, ${errors} exceptions, extract ${(totalMs / pages).toFixed(1)} ms/page (max ${maxMs.toFixed(0)} ms, parse not included)`);
for (const [field, n] of Object.entries(found)) console.log(`  ${field.padEnd(13)} found on ${((100 * n) / pages).toFixed(1)}%`);
