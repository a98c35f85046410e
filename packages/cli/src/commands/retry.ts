import { parseArgs } from 'node:util';
import type { RetryFetchesResult } from '@ingest/ops';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { remoteApi } from '../remote.ts';

async function retry(io: CliIO, sourceId: string | undefined, urls: string[]): Promise<RetryFetchesResult> {
  const api = remoteApi(io);
  if (api) return api.json<RetryFetchesResult>('POST', '/api/v1/retry', { body: { ...(sourceId ? { source: sourceId } : {}), urls } });
  const [{ openStack }, ops, { SourceError }] = await Promise.all([import('../context.ts'), import('@ingest/ops'), import('@ingest/sources')]);
  const { conns } = await openStack(io);
  try {
    return await ops.retryFailedFetches(conns.queues, conns.redis, { sourceId, urls });
  } catch (err) {
    if (err instanceof ops.OperatorError) throw new CliError(err.message, err.statusCode === 400 ? EXIT.usage : EXIT.failure);
    if (err instanceof SourceError) throw new CliError(err.message);
    throw err;
  } finally {
    await conns.close();
  }
}

export async function retryCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' }, json: { type: 'boolean' } } });
  const { normalizeUrl } = await import('@ingest/urls');
  for (const u of positionals) {
    try {
      normalizeUrl(u);
    } catch (err) {
      throw new CliError(`Invalid URL: ${(err as Error).message}`, EXIT.usage);
    }
  }
  const result = await retry(io, values.source, positionals);
  if (values.json) println(io.stdout, JSON.stringify(result, null, 2));
  else {
    for (const r of result.retried) println(io.stdout, `retrying  ${r.url}  (was: ${r.code}: ${r.reason})`);
    for (const u of result.notFailed) println(io.stdout, `no failed fetch job for ${u}; enqueue it again with: ingest enqueue ${u}`);
    for (const f of result.notRetryable) println(io.stdout, `not retryable  ${f.code.padEnd(22)} ${f.url}`);
    if (result.notRetryable.length > 0 && values.source) println(io.stdout, `  (no failed job behind these: run the source again with: ingest sources run ${values.source})`);
    println(io.stdout, `${result.retried.length} failed job(s) retried.${result.retried.length > 0 ? ' Follow with: ingest wait' : ''}`);
  }
  return result.retried.length === 0 && (result.notFailed.length > 0 || result.notRetryable.length > 0) ? EXIT.failure : EXIT.ok;
}
