import { shortHash } from '@ingest/queue';

/**
 * A run is one discover job: scheduled (`repeat:…` ids from the job scheduler) or manual. Deriving
 * the run id from the job id makes a retried discover job continue the same run.
 */
export function runIdOf(discoverJobId: string): string {
  return shortHash(discoverJobId, 16);
}

/** Key of the run's seen-set (CrawlFrontier), shared by every process working on the run. */
export function runKey(sourceId: string, runId: string): string {
  return shortHash(`${sourceId}\n${runId}`, 24);
}
