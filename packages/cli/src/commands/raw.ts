import { parseArgs } from 'node:util';
import type { RawResponseMeta } from '@ingest/archive';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { RAW_HELP } from '../help.ts';

export async function rawCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { headers: { type: 'boolean' } } });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new CliError(`Give exactly one document id or URL.\n\n${RAW_HELP}`, EXIT.usage);
  const { meta, body, key } = await archived(io, target);
  {
    if (values.headers) {
      println(io.stdout, `HTTP ${meta.status}  ${meta.finalUrl}  (fetched ${meta.fetchedAt}, archived as ${key})`);
      for (const [k, v] of Object.entries(meta.headers)) println(io.stdout, `${k}: ${v}`);
      println(io.stdout);
    }
    // Raw bytes, not a string: the page may be in any charset.
    (io.stdout as { write(chunk: Uint8Array | string): unknown }).write(body);
    return EXIT.ok;
  }
}

/** The archived page and what it was archived as, through the API or from S3 directly. */
async function archived(io: CliIO, target: string): Promise<{ meta: RawResponseMeta; body: Uint8Array; key: string }> {
  const api = remoteApi(io);
  if (api) {
    const res = await api.request('GET', '/api/v1/raw', { query: { target } });
    const header = (name: string) => res.headers.get(name) ?? '';
    const meta = JSON.parse(Buffer.from(header('x-archived-meta'), 'base64url').toString('utf8')) as RawResponseMeta;
    return { meta, body: new Uint8Array(await res.arrayBuffer()), key: header('x-archived-key') };
  }
  const [{ openStack }, ops] = await Promise.all([import('../context.ts'), import('@ingest/ops')]);
  const { conns } = await openStack(io);
  try {
    return await ops.archivedPage({ redis: conns.redis, prefix: conns.queues.prefix, searchIndex: conns.searchIndex, archive: conns.archive }, target);
  } catch (err) {
    if (err instanceof ops.OperatorError) throw new CliError(err.message, err.statusCode === 400 ? EXIT.usage : EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}
