import { IngestError, RateLimitedError, isDependencyUnavailable } from '@ingest/errors';
import { RecrawlSchedule, SourceRegistry, type AdaptiveRecrawl, type FetchOutcome } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';

const registries = new WeakMap<PipelineDeps, SourceRegistry>();

export function registryOf(deps: PipelineDeps): SourceRegistry {
  let registry = registries.get(deps);
  if (!registry) {
    registry = new SourceRegistry(deps.redis, deps.queues);
    registries.set(deps, registry);
  }
  return registry;
}

interface SourcedJob {
  url: string;
  sourceId?: string | undefined;
  runId?: string | undefined;
  adaptive?: AdaptiveRecrawl | undefined;
}

export function nowOf(deps: Pick<PipelineDeps, 'clock'>): number {
  return deps.clock ? deps.clock() : Date.now();
}

/** Counts a URL's outcome against its source run; jobs enqueued by hand (no source run) count nowhere. */
export async function reportOutcome(deps: PipelineDeps, job: SourcedJob, outcome: FetchOutcome, failure?: { code: string; message: string; jobId: string | null }): Promise<void> {
  if (!job.sourceId || !job.runId) return;
  await registryOf(deps).recordOutcome(job.sourceId, job.runId, job.url, outcome, failure);
  if (job.adaptive && (outcome === 'fetched' || outcome === 'unchanged')) {
    await new RecrawlSchedule(deps.redis, deps.queues.prefix).observe(job.sourceId, job.runId, job.url, job.adaptive, nowOf(deps), { changed: outcome === 'fetched' });
  }
  // The document's events (indexed, removed) are filtered by source; later stages know only the URL.
  if (outcome === 'fetched' && deps.events && (await deps.events.active())) await deps.events.noteSource(job.url, job.sourceId);
}

/** A failure counts against the source once it will not be retried (permanent, or the last attempt). */
export function isFinalFailure(err: unknown, attempt: number, attempts: number): boolean {
  // Both wait without using up an attempt (see the stage worker).
  if (err instanceof RateLimitedError || isDependencyUnavailable(err)) return false;
  if (err instanceof IngestError && err.permanent) return true;
  return attempt >= attempts;
}

/** What a source records for a fetch that failed: the thrown error's code and message. */
export function sourceFailure(err: unknown, jobId: string): { code: string; message: string; jobId: string } {
  return { code: err instanceof IngestError ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err), jobId };
}
