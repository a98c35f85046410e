import { parseArgs } from 'node:util';
import { IngestError } from '@ingest/errors';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { normalizeUrl } from '@ingest/urls';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { readLines } from './lines.ts';

export const ENQUEUE_HELP = `ingest enqueue URL... [--crawl] [--max-pages N] [--max-depth N] [--file F|-] [--json]

Validates every URL, then enqueues them for fetching. If any URL is invalid nothing is enqueued.
  --crawl          follow in-scope links (same host) from these start URLs
  --max-pages N    page budget of the crawl (default 100)
  --max-depth N    link depth of the crawl (default 2)
  --file F         read URLs from a file, one per line ('-' for stdin)
Examples:
  ingest enqueue https://example.org/news/story.html
  ingest enqueue --crawl --max-pages 500 --max-depth 3 https://example.org/
  cat urls.txt | ingest enqueue --file -`;

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

  const { conns } = await openStack(io);
  try {
    const result = await enqueueUrls(conns.queues, new CrawlFrontier(conns.redis, conns.queues.prefix), { urls, crawl });
    if (values.json) {
      println(io.stdout, JSON.stringify(result));
    } else {
      for (const e of result.enqueued) println(io.stdout, `${e.created ? 'enqueued' : 'already queued'}  ${e.url}  (job ${e.jobId})`);
      if (result.crawlId) println(io.stdout, `crawl ${result.crawlId}: up to ${crawl?.maxPages} pages, depth ${crawl?.maxDepth}`);
      println(io.stdout, `${result.enqueued.filter((e) => e.created).length} enqueued, ${result.enqueued.filter((e) => !e.created).length} already queued. Follow with: ingest wait`);
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
