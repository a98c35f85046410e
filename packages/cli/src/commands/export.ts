import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkWacz, writeWacz } from '@ingest/warc';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export const EXPORT_HELP = `ingest export --jsonl [--include-tdm-reserved]
ingest export --wacz FILE [--source ID] [--check]

--jsonl writes every indexed document to stdout, one JSON object a line, except those whose
publisher reserves text-and-data-mining rights (TDMRep tdm-reservation: 1; their number goes to
stderr) unless --include-tdm-reserved.
--wacz writes the raw archive as a WACZ 1.1 package (WARC records byte for byte, a CDXJ index,
pages.jsonl, datapackage.json with SHA-256 hashes) that ReplayWeb.page and pywb replay. With
--source, only the captures made by that source's runs (and the captures their revisit records
refer to). --check reads the package back and verifies its structure (hashes, CDXJ offsets).
Examples:
  ingest export --jsonl > documents.jsonl
  ingest export --wacz news.wacz --source news --check`;

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { jsonl: { type: 'boolean' }, wacz: { type: 'string' }, source: { type: 'string' }, check: { type: 'boolean' }, 'include-tdm-reserved': { type: 'boolean' } },
  });
  if (values.jsonl && values.wacz) throw new CliError('Give --jsonl or --wacz FILE, not both', EXIT.usage);
  if (!values.jsonl && !values.wacz) throw new CliError(`Give --jsonl or --wacz FILE.\n\n${EXPORT_HELP}`, EXIT.usage);
  if (values.source && !values.wacz) throw new CliError('--source goes with --wacz', EXIT.usage);
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
