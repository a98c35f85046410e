import type { z } from 'zod';
import { PermanentError } from '@ingest/errors';
import { documentSchema, type IngestDocument } from './document.ts';
import { JOB_SCHEMAS, type JobPayloads } from './jobs.ts';
import type { QueueName } from './queues.ts';

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates a payload against its queue's contract; a mismatch is permanent (retrying cannot fix it). */
export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayloads[Q] {
  const result = JOB_SCHEMAS[queue].safeParse(data);
  if (!result.success) throw new PermanentError('INVALID_PAYLOAD', `Invalid ${queue} job payload: ${issuesOf(result.error)}`);
  return result.data as JobPayloads[Q];
}

/** The records stages hand each other through S3, each with the schema it is read with. */
export const STAGE_RECORD_SCHEMAS = { document: documentSchema } as const;
export type StageRecords = { document: IngestDocument };

/**
 * Validates a record read from S3 against its schema. A record that fails was written by another
 * version or damaged: INVALID_RECORD, permanent (reading it again cannot help).
 */
export function parseStageRecord<K extends keyof StageRecords>(kind: K, data: unknown, key: string): StageRecords[K] {
  const result = STAGE_RECORD_SCHEMAS[kind].safeParse(data);
  if (!result.success) throw new PermanentError('INVALID_RECORD', `Invalid ${kind} record ${key}: ${issuesOf(result.error)}`, { details: { key, kind } });
  return result.data;
}
