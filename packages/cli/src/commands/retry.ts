import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { SourceRegistry } from '@ingest/sources';
import { normalizeUrl } from '@ingest/urls';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export const RETRY_HELP = `ingest retry [--source ID] [URL...] [--json]

Retries failed fetch jobs (BullMQ job.retry): every failed one, those of one source, or those of
the given URLs. Failures that are not fetch jobs (a malformed sitemap) are fixed by a new run:
ingest sources run ID.
Examples:
  ingest retry --source news
  ingest retry https://example.org/news/story.html`;

const PAGE = 500;

async function* failedJobs(queue: { getFailed(start: number, end: number): Promise<Job[]> }): AsyncIterable<Job> {
  // Retried jobs leave the failed set while we page; collect first, then act.
  const all: Job[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    all.push(...page);
    if (page.length < PAGE) break;
  }
  yield* all;
}

export async function retryCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' }, json: { type: 'boolean' } } });
  let wanted: Set<string> | null = null;
  try {
    if (positionals.length > 0) wanted = new Set(positionals.map((u) => normalizeUrl(u)));
  } catch (err) {
    throw new CliError(`Invalid URL: ${(err as Error).message}`, EXIT.usage);
  }
  const { conns } = await openStack(io);
  try {
    if (values.source)
      await new SourceRegistry(conns.redis, conns.queues).require(values.source).catch((err: Error) => {
        throw new CliError(err.message);
      });
    const retried: { url: string; jobId: string; reason: string }[] = [];
    for await (const job of failedJobs(conns.queues.queues.fetch)) {
      const data = job.data as { url?: string; sourceId?: string };
      if (values.source && data.sourceId !== values.source) continue;
      if (wanted && (!data.url || !wanted.has(data.url))) continue;
      await job.retry('failed');
      retried.push({ url: data.url ?? '', jobId: job.id ?? '', reason: job.failedReason });
    }
    const missing = wanted ? [...wanted].filter((u) => !retried.some((r) => r.url === u)) : [];
    if (values.json) println(io.stdout, JSON.stringify({ retried, notFailed: missing }, null, 2));
    else {
      for (const r of retried) println(io.stdout, `retrying  ${r.url}  (was: ${r.reason})`);
      for (const u of missing) println(io.stdout, `no failed fetch job for ${u}; enqueue it again with: ingest enqueue ${u}`);
      println(io.stdout, `${retried.length} failed job(s) retried. Follow with: ingest wait`);
    }
    return retried.length === 0 && missing.length > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    await conns.close();
  }
}
