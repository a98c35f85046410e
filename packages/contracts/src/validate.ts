import { PermanentError } from '@ingest/errors';
import { JOB_SCHEMAS, type JobPayloads } from './jobs.ts';
import type { QueueName } from './queues.ts';

/** Validates a payload against its queue's contract; a mismatch is permanent (retrying cannot fix it). */
export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayloads[Q] {
  const result = JOB_SCHEMAS[queue].safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new PermanentError('INVALID_PAYLOAD', `Invalid ${queue} job payload: ${issues}`);
  }
  return result.data as JobPayloads[Q];
}
