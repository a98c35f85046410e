import { parseArgs } from 'node:util';
import type { ReindexRunState } from '@ingest/ops';
import type { ReindexProgress, ReindexReport } from '@ingest/reindex';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { remoteApi, type ApiClient } from '../remote.ts';
import { bar, ProgressLine } from '../progress.ts';

function line(p: ReindexProgress): string {
  switch (p.phase) {
    case 'counting':
      return `reindex → ${p.target}: listing the archive…`;
    case 'building':
      return `${bar(p.processed, p.total)} ${p.processed}/${p.total} pages · ${p.indexed} indexed · ${p.skipped} skipped${p.resumedFrom ? ` (resumed at ${p.resumedFrom})` : ''}`;
    case 'swapping':
      return `${bar(1, 1)} swapping ${p.target} in…`;
    case 'catching-up':
      return `${bar(1, 1)} carrying over documents indexed meanwhile…`;
    case 'done':
      return `${bar(1, 1)} done`;
  }
}

export async function reindexCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { chunk: { type: 'string' }, json: { type: 'boolean' } } });
  const chunkSize = values.chunk === undefined ? 100 : Number(values.chunk);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new CliError(`--chunk must be a positive whole number, got "${values.chunk}"`, EXIT.usage);
  const progress = new ProgressLine(io.stderr);
  const api = remoteApi(io);
  let report: ReindexReport;
  try {
    report = api ? await remoteReindex(api, chunkSize, progress, io) : await localReindex(io, chunkSize, progress);
  } finally {
    progress.done();
  }
  if (values.json) println(io.stdout, JSON.stringify(report, null, 2));
  else {
    println(
      io.stdout,
      `reindexed into ${report.target}: ${report.total} archived pages, ${report.indexed} documents indexed, ${report.skipped} skipped, ${report.carriedOver} carried over${report.resumed ? ' (resumed)' : ''}`,
    );
    for (const [reason, n] of Object.entries(report.skippedReasons)) println(io.stdout, `  ${reason.padEnd(28)} ${n}`);
  }
  return EXIT.ok;
}

async function localReindex(io: CliIO, chunkSize: number, progress: ProgressLine): Promise<ReindexReport> {
  const [{ openStack }, ops, { ReindexError }] = await Promise.all([import('../context.ts'), import('@ingest/ops'), import('@ingest/reindex')]);
  const { conns } = await openStack(io);
  const stop = new AbortController();
  void io.stopSignal?.then(() => stop.abort());
  try {
    return await ops.liveReindex(conns, { chunkSize, signal: stop.signal, onProgress: (p) => progress.update(line(p)) });
  } catch (err) {
    if (err instanceof ReindexError) throw new CliError(err.message, EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}

/** The API runs the rebuild in its own process; this follows it until it ends. */
async function remoteReindex(api: ApiClient, chunkSize: number, progress: ProgressLine, io: CliIO): Promise<ReindexReport> {
  let run = await api.json<ReindexRunState>('POST', '/api/v1/reindex', { body: { chunk: chunkSize } });
  let stopped = false;
  void io.stopSignal?.then(() => (stopped = true));
  while (run.state === 'running' && !stopped) {
    if (run.progress) progress.update(line(run.progress));
    await new Promise((r) => setTimeout(r, 500));
    run = await api.json<ReindexRunState>('GET', '/api/v1/reindex');
  }
  if (run.state === 'running') throw new CliError(`Stopped following the reindex; it keeps running in the API process (GET ${api.baseUrl}/api/v1/reindex shows its progress).`);
  if (run.state !== 'done' || !run.report) throw new CliError(`The reindex failed: ${run.error ?? 'unknown'}`);
  return run.report;
}
