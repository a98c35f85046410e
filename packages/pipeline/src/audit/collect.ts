import type { Job, JobType, Queue } from 'bullmq';
import type { MeiliSearchIndex } from '@ingest/search-index';

export const PENDING_STATES: readonly JobType[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active'];

/**
 * Every job of a queue in the given states, a page at a time. Pending states are read before
 * finished ones so a job that finishes during the read is still seen once (as finished).
 */
export async function* jobsOf(queue: Queue, states: readonly JobType[], pageSize = 1000): AsyncIterable<{ state: JobType; job: Job }> {
  for (const state of states) {
    for (let start = 0; ; start += pageSize) {
      const jobs = await queue.getJobs([state], start, start + pageSize - 1, true);
      for (const job of jobs) if (job) yield { state, job };
      if (jobs.length < pageSize) break;
    }
  }
}

/** Ids (and URLs) of every indexed document, read with fields=id,url so thousands stay cheap. */
export async function* indexedDocuments(searchIndex: MeiliSearchIndex, pageSize = 1000): AsyncIterable<{ id: string; url: string | undefined }> {
  if (!(await searchIndex.exists())) return;
  const index = searchIndex.client.index<{ id: string; url?: string }>(searchIndex.uid);
  for (let offset = 0; ; offset += pageSize) {
    const page = await index.getDocuments({ offset, limit: pageSize, fields: ['id', 'url'] });
    for (const d of page.results) yield { id: d.id, url: d.url };
    if (page.results.length < pageSize) return;
  }
}
