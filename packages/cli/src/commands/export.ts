import { parseArgs } from 'node:util';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, type CliIO } from '../io.ts';

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { jsonl: { type: 'boolean' } } });
  if (!values.jsonl) throw new CliError('Only --jsonl is supported: ingest export --jsonl', EXIT.usage);
  const api = remoteApi(io);
  if (api) {
    // The API streams the same JSON lines; pass them through as they come.
    const res = await api.request('GET', '/api/v1/export');
    const decoder = new TextDecoder();
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) io.stdout.write(decoder.decode(r.value, { stream: true }));
    io.stdout.write(decoder.decode());
    return EXIT.ok;
  }
  const { openStack } = await import('../context.ts');
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
