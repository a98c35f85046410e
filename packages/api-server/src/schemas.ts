import { z } from 'zod';
import { DOCUMENT_ID_PATTERN, DOCUMENT_ID_RULE } from '@ingest/ids';
import { STAGES } from '@ingest/contracts';
import { ERROR_CODES, type ErrorCode } from '@ingest/errors';
import { SCOPES } from '@ingest/ops';

// Request and response shapes shared by the routes and the OpenAPI document.
export const stageName = z.enum(STAGES as readonly [string, ...string[]]).describe('Pipeline stage (queue) name');
export const scope = z.enum(SCOPES);
export const errorCode = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).describe('A code from the error registry');

export const jobView = z
  .object({
    queue: stageName,
    id: z.string(),
    state: z.string().describe('waiting, active, delayed, completed, failed, prioritized or unknown'),
    url: z.string().nullable(),
    attemptsMade: z.number().int(),
    code: errorCode.nullable().describe('Error code of the last failure (see the README error table); null when no attempt failed'),
    retryable: z.boolean().nullable().describe('Whether running the job again can succeed (the error registry decides); null when no attempt failed'),
    failedReason: z.string().nullable().describe('Message of the last failure'),
    createdAt: z.string().nullable(),
    processedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'JobView' });

export const queueOverview = z
  .object({
    name: stageName,
    paused: z.boolean(),
    counts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'QueueOverview' });

export const apiKeyRecord = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(scope),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKey' });

export const stageParam = z.object({ queue: stageName });
export const documentIdParam = z.object({ id: z.string().regex(DOCUMENT_ID_PATTERN, DOCUMENT_ID_RULE) });
