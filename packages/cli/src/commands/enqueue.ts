import { parseArgs } from 'node:util';
import { IngestError } from '@ingest/errors';
import { normalizeUrl } from '@ingest/urls';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { readLines } from './lines.ts';
import { remoteApi } from '../remote.ts';
import { beginSession, sessionTarget } from '../session.ts';

interface EnqueueResult {
  enqueued: { url: string; jobId: string; created: boolean }[];
  crawlId: string | null;
}

async function enqueue(io: CliIO, urls: string[], crawl: { maxPages: number; maxDepth: number } | undefined): Promise<EnqueueResult> {
  const api = remoteApi(io);
  if (api) {
    await beginSession(io, sessionTarget(io), async () => (await api.json<{ counters: Record<string, number> }>('GET', '/api/v1/stats')).counters);
    return api.json<EnqueueResult>('POST', '/api/v1/enqueue', { body: { urls, ...(crawl ? { crawl: true, ...crawl } : {}) } });
  }
  const [{ openStack }, { CrawlFrontier, enqueueUrls }] = await Promise.all([import('../context.ts'), import('@ingest/pipeline')]);
  const { conns } = await openStack(io);
  try {
    await beginSession(io, sessionTarget(io, conns.queues.prefix), () => conns.stats.counts());
    const result = await enqueueUrls(conns.queues, new CrawlFrontier(conns.redis, conns.queues.prefix), { urls, crawl });
    return { enqueued: result.enqueued, crawlId: result.crawlId ?? null };
  } finally {
    await conns.close();
  }
}
import { ENQUEUE_HELP } from '../help.ts';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a whole number, got "${value}"`, EXIT.usage);
  return n;
}

export async function enqueueCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { crawl: { type: 'boolean' }, 'max-pages': { type: 'string' }, 'max-depth': { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } },
  });
  const urls = [...positionals, ...(values.file ? await readLines(values.file, io) : [])];
  if (urls.length === 0) throw new CliError(`No URL given.\n\n${ENQUEUE_HELP}`, EXIT.usage);
  const invalid: string[] = [];
  for (const url of urls) {
    try {
      normalizeUrl(url);
    } catch (err) {
      invalid.push(`  ${url}: ${err instanceof IngestError ? err.message : String(err)}`);
    }
  }
  if (invalid.length > 0) throw new CliError(`Nothing was enqueued: ${invalid.length} invalid URL(s):\n${invalid.join('\n')}`, EXIT.usage);
  const crawl = values.crawl ? { maxPages: Math.max(1, positiveInt(values['max-pages'], '--max-pages', 100)), maxDepth: positiveInt(values['max-depth'], '--max-depth', 2) } : undefined;

  const result = await enqueue(io, urls, crawl);
  {
    if (values.json) {
      println(io.stdout, JSON.stringify(result));
    } else {
      for (const e of result.enqueued) println(io.stdout, `${e.created ? 'enqueued' : 'already queued'}  ${e.url}  (job ${e.jobId})`);
      if (result.crawlId) println(io.stdout, `crawl ${result.crawlId}: up to ${crawl?.maxPages} pages, depth ${crawl?.maxDepth}`);
      println(io.stdout, `${result.enqueued.filter((e) => e.created).length} enqueued, ${result.enqueued.filter((e) => !e.created).length} already queued. Follow with: ingest wait`);
    }
    return EXIT.ok;
  }
}
