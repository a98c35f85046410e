import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { processPage } from '@ingest/pipeline';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { readLines } from './lines.ts';
import { EXTRACT_HELP } from '../help.ts';

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
