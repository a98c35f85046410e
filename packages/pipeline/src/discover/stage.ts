import type { DiscoverJob, StageResult } from '@ingest/contracts';
import type { StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import { registryOf } from '../sources/report.ts';
import { startCrawl } from './crawl.ts';
import { expandFeeds } from './feeds.ts';
import { runIdOf } from './run-id.ts';
import { RunSink } from './sink.ts';
import { expandSitemaps } from './sitemaps.ts';

/**
 * discover: expand one run of a registered source into fetch jobs. Every step is idempotent per
 * run (run id from the job id, seen-set per run, job ids per (run, URL)), so a retried discover
 * job continues its run instead of starting another.
 */
export async function discoverStage(deps: PipelineDeps, job: DiscoverJob, ctx: StageContext): Promise<StageResult> {
  const registry = registryOf(deps);
  const source = await registry.get(job.sourceId);
  if (!source) return { outcome: 'skipped', code: 'SOURCE_NOT_FOUND', reason: `${job.sourceId} was removed` };
  if (source.paused) return { outcome: 'skipped', code: 'SOURCE_PAUSED', reason: job.sourceId };

  const runId = runIdOf(ctx.jobId);
  const previousRunAt = await registry.beginRun(source.id, runId);
  const sink = new RunSink(deps, registry, source, runId, previousRunAt);
  let detail = '';
  switch (source.kind) {
    case 'url':
      for (const url of source.urls) await sink.offer(url);
      break;
    case 'crawl':
      sink.found = await startCrawl(deps, source, runId);
      break;
    case 'sitemap': {
      const r = await expandSitemaps(deps, registry, source, runId, sink, ctx.signal);
      detail = `, ${r.sitemaps} sitemaps read, ${r.failed} failed`;
      break;
    }
    case 'feed': {
      const r = await expandFeeds(deps, registry, source, runId, sink, ctx.signal);
      detail = `, ${r.feeds} feeds read, ${r.failed} failed`;
      break;
    }
  }
  const found = source.kind === 'crawl' ? sink.found : await sink.claimed();
  await registry.finishDiscovery(source.id, runId, { found, notModifiedSinceLastRun: sink.notModified });
  ctx.log.info({ source: source.id, runId, found, notModified: sink.notModified, notDue: sink.notDue }, 'source discovered');
  const adaptive = source.adaptive ? `, ${sink.notDue} URLs and ${sink.documentsNotDue} feeds/sitemaps not due (adaptive recrawl)` : '';
  return { outcome: 'done', reason: `run ${runId}: ${found} URLs enqueued, ${sink.notModified} not modified since the last run${adaptive}${detail}` };
}
