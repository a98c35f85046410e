import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { processPage } from '@ingest/pipeline';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { readLines } from './lines.ts';

export const EXTRACT_HELP = `ingest extract [--url URL] [--jsonl] FILE...
ingest extract --jsonl --manifest FILE

Runs extraction and enrichment on local HTML files (.html or .html.gz) through the pipeline's own
page path (without a site template or near-duplicate clusters), and prints one JSON object per input: file, url, title, text (the body that would be
indexed), authors, publishedAt, language, siteName, related and the other document fields.
Exits non-zero only when an input cannot be read.
  --url URL        the page's URL (for relative links and the document id); default http://localhost/FILE
  --manifest FILE  JSON lines {"file": PATH, "url": URL}
Examples:
  ingest extract --url https://example.org/a.html page.html
  ingest extract --jsonl --manifest pages.jsonl > out.jsonl`;

export async function extractCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, jsonl: { type: 'boolean' }, manifest: { type: 'string' } } });
  const inputs: { file: string; url: string }[] = positionals.map((f) => ({ file: f, url: values.url ?? localUrl(f) }));
  if (values.manifest) {
    for (const line of await readLines(values.manifest, io)) {
      const entry = JSON.parse(line) as { file?: string; url?: string };
      if (!entry.file) throw new CliError(`Manifest line without "file": ${line}`, EXIT.usage);
      inputs.push({ file: entry.file, url: entry.url ?? localUrl(entry.file) });
    }
  }
  if (inputs.length === 0) throw new CliError(`No input files.\n\n${EXTRACT_HELP}`, EXIT.usage);
  let unreadable = 0;
  for (const input of inputs) {
    let body: Buffer;
    try {
      const raw = await readFile(resolve(io.cwd, input.file));
      body = input.file.endsWith('.gz') ? gunzipSync(raw) : raw;
    } catch (err) {
      unreadable++;
      io.stderr.write(`cannot read ${input.file}: ${(err as Error).message}\n`);
      continue;
    }
    const out = await extractOne(body, input.file, input.url);
    println(io.stdout, values.jsonl ? JSON.stringify(out) : JSON.stringify(out, null, 2));
  }
  return unreadable > 0 ? EXIT.failure : EXIT.ok;
}

async function extractOne(body: Buffer, file: string, url: string): Promise<Record<string, unknown>> {
  const fetchedAt = new Date().toISOString();
  const { record, article, doc, skip } = await processPage({ body, url, finalUrl: url, contentType: null, archiveKey: '', contentDigest: '0'.repeat(64), fetchedAt });
  if (!doc) {
    return {
      file,
      url,
      title: record.title,
      text: '',
      reason: skip.code === 'NOINDEX' ? 'noindex' : (article.reason ?? 'no-article'),
      authors: record.metadata.authors,
      publishedAt: record.metadata.publishedAt,
      language: record.metadata.language,
      siteName: record.metadata.siteName,
      related: record.related,
    };
  }
  const { archiveKey: _a, contentDigest: _c, fetchedAt: _f, version: _v, ...fields } = doc;
  return { file, ...fields, text: record.text, markdown: record.markdown, images: record.images, stats: article.stats };
}

/** Without --url a file gets a placeholder http URL: the pipeline only knows http(s) documents. */
function localUrl(file: string): string {
  return `http://localhost/${encodeURIComponent(file.split('/').pop() ?? 'page.html')}`;
}
