import { parseArgs } from 'node:util';
import { Dedupe } from '@ingest/dedupe';
import { reindex, ReindexError, type ReindexProgress } from '@ingest/reindex';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { localOnly } from '../remote.ts';
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
  localOnly(io, 'reindex', 'it rebuilds the index from the archive in this process, with direct access to S3 and Meilisearch');
  const { values } = parseArgs({ args, options: { chunk: { type: 'string' }, json: { type: 'boolean' } } });
  const chunkSize = values.chunk === undefined ? 100 : Number(values.chunk);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new CliError(`--chunk must be a positive whole number, got "${values.chunk}"`, EXIT.usage);
  const { config, conns } = await openStack(io);
  const progress = new ProgressLine(io.stderr);
  const stop = new AbortController();
  void io.stopSignal?.then(() => stop.abort());
  // The live pipeline's template knowledge and clusters, so documents come out as it would make them.
  const dedupe = new Dedupe({ redis: conns.redis, prefix: config.queuePrefix, queues: conns.queues, stats: conns.stats });
  try {
    const report = await reindex(
      {
        archive: conns.archive,
        live: conns.searchIndex,
        redis: conns.redis,
        prefix: config.queuePrefix,
        hooks: {
          boilerplateFor: async (host) => {
            const { fingerprints } = await dedupe.templates.snapshot(host);
            return (fp) => fingerprints.has(fp);
          },
          clusterOf: (docId, text) => dedupe.clusterOf(docId, text),
        },
      },
      { chunkSize, signal: stop.signal, onProgress: (p) => progress.update(line(p)) },
    );
    progress.done();
    if (values.json) println(io.stdout, JSON.stringify(report, null, 2));
    else {
      println(
        io.stdout,
        `reindexed ${config.meiliIndex}: ${report.total} archived pages, ${report.indexed} documents indexed, ${report.skipped} skipped, ${report.carriedOver} carried over${report.resumed ? ' (resumed)' : ''}`,
      );
      for (const [reason, n] of Object.entries(report.skippedReasons)) println(io.stdout, `  ${reason.padEnd(28)} ${n}`);
    }
    return EXIT.ok;
  } catch (err) {
    progress.done();
    if (err instanceof ReindexError) throw new CliError(err.message, EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}
