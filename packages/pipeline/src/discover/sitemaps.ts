import { parseSitemap, SourceError, type SourceDefinition, type SourceRegistry } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';
import { fetchDocument } from './fetch-document.ts';
import type { RunSink } from './sink.ts';

function sameHost(candidate: string, base: string): boolean {
  try {
    return new URL(candidate, base).host === new URL(base).host;
  } catch {
    return false;
  }
}

/** A site root ("https://example.org/") means: use the sitemaps its robots.txt lists, else /sitemap.xml. */
async function startingSitemaps(deps: PipelineDeps, url: string): Promise<string[]> {
  if (new URL(url).pathname !== '/') return [url];
  const listed = await deps.fetcher.robotsSitemaps(url).catch(() => []);
  return listed.length > 0 ? listed : [new URL('/sitemap.xml', url).href];
}

/**
 * Walks sitemaps and sitemap indexes breadth-first (each sitemap once per run, at most
 * limits.maxSitemaps), honouring lastmod on both levels. A sitemap that cannot be fetched or
 * parsed is recorded against the source and the walk goes on.
 */
export async function expandSitemaps(
  deps: PipelineDeps,
  registry: SourceRegistry,
  source: SourceDefinition,
  runId: string,
  sink: RunSink,
  signal: AbortSignal | undefined,
): Promise<{ sitemaps: number; failed: number }> {
  const queue: string[] = [];
  for (const url of source.urls) queue.push(...(await startingSitemaps(deps, url)));
  const seen = new Set<string>();
  let sitemaps = 0;
  let failed = 0;
  while (queue.length > 0 && sink.open) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    if (sitemaps >= source.limits.maxSitemaps) {
      await registry.recordFailure(source.id, runId, url, {
        code: 'URL_LIMIT_REACHED',
        message: `More than ${source.limits.maxSitemaps} sitemaps (limits.maxSitemaps); ${url} and later ones were not read`,
        jobId: null,
      });
      break;
    }
    if (!(await sink.documentDue(url))) continue;
    sitemaps++;
    try {
      const text = await fetchDocument(deps, url, source.limits, signal);
      await sink.observeDocument(url, text);
      const parsed = parseSitemap(text, url, source.limits.maxUrls);
      if (parsed.kind === 'index') {
        for (const child of parsed.sitemaps) {
          if (sink.notModifiedSinceLastRun(child.lastmod)) continue;
          queue.push(new URL(child.url, url).href);
        }
      } else {
        for (const entry of parsed.urls) {
          await sink.offer(entry.url, entry.lastmod, url);
          // Language versions (hreflang) on the same host are pages of this site too; the run's seen-set drops repeats.
          for (const alt of entry.alternates ?? []) if (sameHost(alt.url, url)) await sink.offer(alt.url, entry.lastmod, url);
        }
      }
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      failed++;
      await registry.recordFailure(source.id, runId, url, { code: err.code, message: err.message, jobId: null });
    }
  }
  return { sitemaps, failed };
}
