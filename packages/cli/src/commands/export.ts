import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXPORT_HELP } from '../help.ts';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { jsonl: { type: 'boolean' }, wacz: { type: 'string' }, source: { type: 'string' }, check: { type: 'boolean' }, 'include-tdm-reserved': { type: 'boolean' } },
  });
  if (values.jsonl && values.wacz) throw new CliError('Give --jsonl or --wacz FILE, not both', EXIT.usage);
  if (!values.jsonl && !values.wacz) throw new CliError(`Give --jsonl or --wacz FILE.\n\n${EXPORT_HELP}`, EXIT.usage);
  if (values.source && !values.wacz) throw new CliError('--source goes with --wacz', EXIT.usage);
  const api = remoteApi(io);
  if (api) {
    // A WACZ is built from the raw archive's objects next to S3, by the API; the CLI saves it.
    if (values.wacz) {
      const res = await api.request('GET', '/api/v1/export/wacz', { query: { source: values.source } });
      if (!res.body) throw new CliError('The API sent no WACZ body');
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(values.wacz));
      const h = (name: string) => Number(res.headers.get(`x-wacz-${name}`) ?? 0);
      return waczDone(io, values.wacz, { captures: h('captures'), pages: h('pages'), warcBytes: h('warc-bytes'), bytes: h('bytes') }, values.source, values.check === true);
    }
    // The API streams the same JSON lines; pass them through as they come.
    const res = await api.request('GET', `/api/v1/export${values['include-tdm-reserved'] ? '?includeTdmReserved=true' : ''}`);
    const decoder = new TextDecoder();
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) io.stdout.write(decoder.decode(r.value, { stream: true }));
    io.stdout.write(decoder.decode());
    return EXIT.ok;
  }
  const [{ openStack }, { writeWacz }, { withoutYear }] = await Promise.all([import('../context.ts'), import('@ingest/warc'), import('@ingest/search-index')]);
  const { conns } = await openStack(io);
  try {
    if (values.wacz) {
      const summary = await writeWacz(values.wacz, conns.archive.captures(values.source ? { sourceId: values.source } : {}), {
        title: values.source ? `ingest source ${values.source}` : 'ingest archive',
        software: 'ingest',
      });
      return waczDone(io, values.wacz, summary, values.source, values.check === true);
    }
    let reserved = 0;
    for await (const doc of conns.searchIndex.allDocuments()) {
      // An export is the usual way into mining and model training, which a TDM reservation withholds.
      if (doc.tdm?.reserved && !values['include-tdm-reserved']) {
        reserved++;
        continue;
      }
      io.stdout.write(`${JSON.stringify(withoutYear(doc))}\n`);
    }
    if (reserved > 0) io.stderr.write(`${reserved} documents left out: their publishers reserve text-and-data-mining rights (TDMRep); --include-tdm-reserved exports them too\n`);
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}

/** The summary line (and with --check the package verified), the same whether written here or by the API. */
async function waczDone(io: CliIO, file: string, summary: { captures: number; pages: number; warcBytes: number; bytes: number }, source: string | undefined, check: boolean): Promise<number> {
  if (summary.captures === 0) io.stderr.write(`no captures${source ? ` for source ${source}` : ''}; the package is empty\n`);
  println(io.stdout, `wrote ${file}: ${summary.captures} captures, ${summary.pages} pages, ${summary.warcBytes} WARC bytes, ${summary.bytes} bytes in all`);
  if (!check) return EXIT.ok;
  const { checkWacz } = await import('@ingest/warc');
  const result = checkWacz(await readFile(file));
  println(
    io.stdout,
    `check: ${result.resources} resources hashed, ${result.captures} CDXJ lines resolved, ${result.pages} pages: ${result.problems.length === 0 ? 'ok' : `${result.problems.length} problems`}`,
  );
  for (const p of result.problems) println(io.stdout, `  ${p}`);
  return result.problems.length > 0 ? EXIT.failure : EXIT.ok;
}
