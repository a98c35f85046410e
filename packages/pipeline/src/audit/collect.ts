import type { JobType, Queue } from 'bullmq';
import type { SearchIndex } from '@ingest/search-index';

export const PENDING_STATES: readonly JobType[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active'];

/** The job type a (typed) queue hands out: its data and return value are the queue's contract. */
type JobOf<Q extends Pick<Queue, 'getJobs'>> = Awaited<ReturnType<Q['getJobs']>>[number];

/**
 * Every job of a queue in the given states, a page at a time. Pending states are read before
 * finished ones so a job that finishes during the read is still seen once (as finished).
 */
export async function* jobsOf<Q extends Pick<Queue, 'getJobs'>>(queue: Q, states: readonly JobType[], pageSize = 1000): AsyncIterable<{ state: JobType; job: JobOf<Q> }> {
  for (const state of states) {
    for (let start = 0; ; start += pageSize) {
      const jobs = await queue.getJobs([state], start, start + pageSize - 1, true);
      for (const job of jobs as JobOf<Q>[]) if (job) yield { state, job };
      if (jobs.length < pageSize) break;
    }
  }
}

/** Ids (and URLs) of every indexed document, read with only those two fields so thousands stay cheap. */
export async function* indexedDocuments(searchIndex: SearchIndex): AsyncIterable<{ id: string; url: string | undefined }> {
  if (!(await searchIndex.exists())) return;
  for await (const d of searchIndex.allDocuments({ fields: ['id', 'url'] })) yield { id: d.id, url: d.url };
}
