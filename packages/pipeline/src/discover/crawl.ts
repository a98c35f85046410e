import type { SourceDefinition } from '@ingest/sources';
import { CrawlFrontier } from '../crawl.ts';
import type { PipelineDeps } from '../deps.ts';
import { enqueueUrls } from '../enqueue.ts';
import { runKey } from './run-id.ts';

/** A crawl run: the start URLs with the source's scope; links are followed by the extract stage. */
export async function startCrawl(deps: PipelineDeps, source: SourceDefinition, runId: string): Promise<number> {
  const crawl = source.crawl ?? { maxPages: 100, maxDepth: 2, mode: 'host' as const };
  const { mode, maxPages, maxDepth, ...filters } = crawl;
  const result = await enqueueUrls(deps.queues, new CrawlFrontier(deps.redis, deps.queues.prefix), {
    urls: source.urls,
    crawl: { maxPages, maxDepth, scope: { mode, ...filters } },
    crawlId: runKey(source.id, runId),
    sourceId: source.id,
    runId,
  });
  return result.enqueued.length;
}
