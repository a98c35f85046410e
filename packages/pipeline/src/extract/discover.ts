import type { CrawlContext } from '@ingest/contracts';
import { createScopeMatcher, normalizeUrl } from '@ingest/urls';
import type { PipelineDeps } from '../deps.ts';
import { CrawlFrontier } from '../crawl.ts';
import { fetchJobId } from '../enqueue.ts';
import { registryOf } from '../sources/report.ts';

/** For crawl sources: enqueue in-scope links one level deeper, each URL at most once per crawl. */
export async function enqueueLinks(
  deps: PipelineDeps,
  crawl: CrawlContext,
  links: { url: string }[],
  baseUrl: string,
  origin: { sourceId?: string | undefined; runId?: string | undefined } = {},
): Promise<number> {
  if (crawl.depth >= crawl.maxDepth) return 0;
  const matcher = createScopeMatcher(crawl.scope);
  const frontier = new CrawlFrontier(deps.redis, deps.queues.prefix);
  const next: CrawlContext = { ...crawl, depth: crawl.depth + 1 };
  const now = new Date().toISOString();
  let added = 0;
  const seen = new Set<string>();
  for (const link of links) {
    let url: string;
    try {
      url = normalizeUrl(link.url, baseUrl);
    } catch {
      continue;
    }
    if (!seen.has(url) && matcher(url)) seen.add(url);
  }
  // One claim for the page's links; most are already seen.
  for (const url of await frontier.claimMany(crawl, [...seen])) {
    await deps.queues.add(
      'fetch',
      { url, enqueuedAt: now, crawl: next, ...(origin.sourceId ? { sourceId: origin.sourceId } : {}), ...(origin.runId ? { runId: origin.runId } : {}) },
      fetchJobId(url, crawl.crawlId),
    );
    added++;
  }
  if (added > 0 && origin.sourceId && origin.runId) await registryOf(deps).addToRun(origin.sourceId, origin.runId, 'found', added);
  return added;
}
