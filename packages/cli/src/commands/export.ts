import { parseArgs } from 'node:util';
import { openStack } from '../context.ts';
import { CliError, EXIT, type CliIO } from '../io.ts';

export const EXPORT_HELP = `ingest export --jsonl

Writes every indexed document to stdout, one JSON object a line.
Examples:
  ingest export --jsonl > documents.jsonl`;

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { jsonl: { type: 'boolean' } } });
  if (!values.jsonl) throw new CliError('Only --jsonl is supported: ingest export --jsonl', EXIT.usage);
  const { conns } = await openStack(io);
  try {
    for await (const doc of conns.searchIndex.allDocuments()) {
      const { publishedYear: _y, ...rest } = doc;
      io.stdout.write(`${JSON.stringify(rest)}\n`);
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
