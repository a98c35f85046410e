import type { RawResponseMeta } from '@ingest/archive';
import type { FetchJob } from '@ingest/contracts';
import type { FetchResponse } from '@ingest/fetch';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import { RenderDecisions, type SourceDefinition } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';
import { enqueueExtraction } from '../fetch/enqueue-extract.ts';
import { registryOf } from '../sources/report.ts';

type RenderPolicy = Pick<SourceDefinition, 'render' | 'screenshots'>;
const NEVER: RenderPolicy = { render: 'never', screenshots: false };
const POLICY_TTL_MS = 10_000;

// Per deps (one per process), so a fetch does not read its source from Redis every time.
const policies = new WeakMap<PipelineDeps, Map<string, { at: number; policy: Promise<RenderPolicy> }>>();

function policyOf(deps: PipelineDeps, sourceId: string | undefined): Promise<RenderPolicy> {
  if (!sourceId) return Promise.resolve(NEVER);
  let cache = policies.get(deps);
  if (!cache) policies.set(deps, (cache = new Map()));
  const hit = cache.get(sourceId);
  if (hit && performance.now() - hit.at < POLICY_TTL_MS) return hit.policy;
  const policy = registryOf(deps)
    .get(sourceId)
    .then((s) => (s ? { render: s.render ?? 'never', screenshots: s.screenshots ?? false } : NEVER));
  cache.set(sourceId, { at: performance.now(), policy });
  policy.catch(() => cache.delete(sourceId));
  return policy;
}

/**
 * Where a fetched HTML page goes next: straight to extraction, or first to the render stage when
 * its source says `always`, or `auto` and its URL pattern is not (yet) known to do without a browser.
 */
export async function enqueueNextStage(
  deps: PipelineDeps,
  job: FetchJob,
  response: FetchResponse,
  archived: RawResponseMeta & { archiveKey: string },
  supersedes: string | null,
  /** Names a repair's job apart from the first one of these bytes, which is kept as completed and would absorb it. */
  repair?: string,
  /** Whether the URL's previous extraction found an article (absent: never extracted). */
  hadArticle?: boolean,
  /** The fetch job, so that an extraction this process runs too can run inside it. */
  parent?: StageContext,
): Promise<'extract' | 'render'> {
  const policy = await policyOf(deps, job.sourceId);
  if (policy.render === 'never' || !job.sourceId) {
    await enqueueExtraction(deps, job, response, archived, supersedes, repair, hadArticle, parent);
    return 'extract';
  }
  if (policy.render === 'auto' && (await new RenderDecisions(deps.redis, deps.queues.prefix).get(job.sourceId, response.finalUrl)).decision === 'plain') {
    await enqueueExtraction(deps, job, response, archived, supersedes, repair, hadArticle, parent);
    return 'extract';
  }
  await deps.queues.add(
    'render',
    {
      url: job.url,
      finalUrl: response.finalUrl,
      archiveKey: archived.archiveKey,
      contentDigest: archived.contentDigest,
      fetchedAt: response.fetchedAt,
      contentType: response.contentType,
      mode: policy.render,
      ...(policy.screenshots ? { screenshot: true } : {}),
      ...(job.crawl ? { crawl: job.crawl } : {}),
      sourceId: job.sourceId,
      ...(job.runId ? { runId: job.runId } : {}),
      ...(supersedes ? { supersedes } : {}),
      ...(response.headers['x-robots-tag'] ? { robotsTag: response.headers['x-robots-tag'].slice(0, 4096) } : {}),
      ...(hadArticle !== undefined ? { hadArticle } : {}),
      ...(repair ? { repair } : {}),
    },
    jobId('render', shortHash(response.finalUrl), archived.contentDigest.slice(0, 32), ...(supersedes ? [shortHash(supersedes, 12)] : []), ...(repair ? [repair] : [])),
  );
  return 'render';
}
