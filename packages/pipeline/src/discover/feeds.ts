import { parseFeed, SourceError, type SourceDefinition, type SourceRegistry } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';
import { fetchDocument } from './fetch-document.ts';
import type { RunSink } from './sink.ts';

/** Each feed's items (RSS 2.0/1.0, Atom, JSON Feed) go to the run; a broken feed is recorded, not fatal. */
export async function expandFeeds(
  deps: PipelineDeps,
  registry: SourceRegistry,
  source: SourceDefinition,
  runId: string,
  sink: RunSink,
  signal: AbortSignal | undefined,
): Promise<{ feeds: number; failed: number }> {
  let failed = 0;
  for (const url of source.urls) {
    if (!sink.open) break;
    if (!(await sink.documentDue(url))) continue;
    try {
      const text = await fetchDocument(deps, url, source.limits, signal);
      await sink.observeDocument(url, text);
      const feed = parseFeed(text, url, source.limits.maxUrls);
      for (const item of feed.items) await sink.offer(item.url, item.updated, url);
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      failed++;
      await registry.recordFailure(source.id, runId, url, { code: err.code, message: err.message, jobId: null });
    }
  }
  return { feeds: source.urls.length, failed };
}
