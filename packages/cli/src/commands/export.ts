import { readFile } from 'node:fs/promises';
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
    // A WACZ is built from the raw archive's objects, which only a process next to S3 reads.
    if (values.wacz) throw new CliError('ingest export --wacz reads the archive directly: run it where the stack runs (without INGEST_API_URL/--api)', EXIT.usage);
    // The API streams the same JSON lines; pass them through as they come.
    const res = await api.request('GET', `/api/v1/export${values['include-tdm-reserved'] ? '?includeTdmReserved=true' : ''}`);
    const decoder = new TextDecoder();
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) io.stdout.write(decoder.decode(r.value, { stream: true }));
    io.stdout.write(decoder.decode());
    return EXIT.ok;
  }
  const [{ openStack }, { checkWacz, writeWacz }] = await Promise.all([import('../context.ts'), import('@ingest/warc')]);
  const { conns } = await openStack(io);
  try {
    if (values.wacz) {
      const summary = await writeWacz(values.wacz, conns.archive.captures(values.source ? { sourceId: values.source } : {}), {
        title: values.source ? `ingest source ${values.source}` : 'ingest archive',
        software: 'ingest',
      });
      if (summary.captures === 0) io.stderr.write(`no captures${values.source ? ` for source ${values.source}` : ''}; the package is empty\n`);
      println(io.stdout, `wrote ${values.wacz}: ${summary.captures} captures, ${summary.pages} pages, ${summary.warcBytes} WARC bytes, ${summary.bytes} bytes in all`);
      if (values.check) {
        const check = checkWacz(await readFile(values.wacz));
        println(
          io.stdout,
          `check: ${check.resources} resources hashed, ${check.captures} CDXJ lines resolved, ${check.pages} pages: ${check.problems.length === 0 ? 'ok' : `${check.problems.length} problems`}`,
        );
        for (const p of check.problems) println(io.stdout, `  ${p}`);
        if (check.problems.length > 0) return EXIT.failure;
      }
      return EXIT.ok;
    }
    let reserved = 0;
    for await (const doc of conns.searchIndex.allDocuments()) {
      const { publishedYear: _y, ...rest } = doc;
      // An export is the usual way into mining and model training, which a TDM reservation withholds.
      if (doc.tdm?.reserved && !values['include-tdm-reserved']) {
        reserved++;
        continue;
      }
      io.stdout.write(`${JSON.stringify(rest)}\n`);
    }
    if (reserved > 0) io.stderr.write(`${reserved} documents left out: their publishers reserve text-and-data-mining rights (TDMRep); --include-tdm-reserved exports them too\n`);
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
