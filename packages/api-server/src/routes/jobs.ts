import { z } from 'zod';
import type { QueueName } from '@ingest/contracts';
import { findJobsByUrl, listFailed, notFound, retryAllFailed, retryFailedFetches, retryJob } from '@ingest/ops';
import { defineRoute, type AnyRoute } from '../route.ts';
import { errorCode, jobView, stageName } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

const urlJobs = z.object({ url: z.string(), documentId: z.string(), jobs: z.array(jobView) }).meta({ id: 'UrlJobs' });
const retryResult = z
  .object({
    retried: z.array(z.object({ url: z.string(), jobId: z.string(), code: errorCode.describe('Error code of the failure retried'), reason: z.string().describe('Its message') })),
    notFailed: z.array(z.string()).describe('URLs asked for that have no failed fetch job'),
    notRetryable: z.array(z.object({ url: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'RetryResult' });

export function jobRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'findJobsByUrl',
      method: 'GET',
      path: '/api/v1/jobs',
      scope: 'read',
      tag: 'jobs',
      summary: "A URL's jobs in every stage, with state and failure reason",
      query: z.object({ url: z.string().min(1).describe('The URL as enqueued (it is normalised first)') }),
      responses: { 200: { description: 'Jobs found (newest stage last)', schema: urlJobs }, 404: { description: 'No job for this URL' } },
      handler: async ({ query }) => {
        const found = await findJobsByUrl(deps.queues, deps.redis, query.url);
        if (found.jobs.length === 0)
          throw notFound(`No job for ${found.url}. Only the newest completed jobs are kept (JOB_KEEP_COMPLETED per queue) and failed ones 7 days; enqueue it with POST /api/v1/enqueue.`);
        return found;
      },
    }),
    defineRoute({
      operationId: 'listFailedJobs',
      method: 'GET',
      path: '/api/v1/jobs/failed',
      scope: 'read',
      tag: 'jobs',
      summary: 'Failed jobs with their reasons, newest first',
      query: z.object({ queue: stageName.optional(), limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      responses: { 200: { description: 'Failed jobs', schema: z.object({ jobs: z.array(jobView) }) } },
      handler: async ({ query }) => ({ jobs: await listFailed(deps.queues, { queue: query.queue as QueueName | undefined, limit: query.limit }) }),
    }),
    defineRoute({
      operationId: 'retryFailedJobs',
      method: 'POST',
      path: '/api/v1/jobs/failed/retry',
      scope: 'write',
      tag: 'jobs',
      summary: 'Retry every failed job (of one stage, or all)',
      body: z.object({ queue: stageName.optional() }).default({}),
      responses: { 200: { description: 'Jobs moved back to waiting, per stage', schema: z.object({ retried: z.record(z.string(), z.number().int()) }) } },
      handler: async ({ body }) => ({ retried: await retryAllFailed(deps.queues, body.queue as QueueName | undefined) }),
    }),
    defineRoute({
      operationId: 'retryJob',
      method: 'POST',
      path: '/api/v1/jobs/{queue}/{id}/retry',
      scope: 'write',
      tag: 'jobs',
      summary: 'Retry one failed job',
      params: z.object({ queue: stageName, id: z.string().min(1) }),
      responses: {
        200: { description: 'The job, back in waiting', schema: jobView },
        404: { description: 'No such job' },
        409: { description: 'The job is not failed' },
      },
      handler: async ({ params }) => retryJob(deps.queues, params.queue as QueueName, params.id),
    }),
    defineRoute({
      operationId: 'retryFetches',
      method: 'POST',
      path: '/api/v1/retry',
      scope: 'write',
      tag: 'jobs',
      summary: 'Retry failed fetches: every one, those of a source, or those of given URLs (what `ingest retry` does)',
      description: "With `source`, the source's recorded failures that no job retry can fix (a malformed sitemap, a page that ended by design) are listed as `notRetryable`: run the source again.",
      body: z.object({ source: z.string().min(1).optional(), urls: z.array(z.string().min(1)).max(10_000).default([]) }).default({ urls: [] }),
      responses: {
        200: {
          description: 'What was retried',
          schema: retryResult,
        },
        404: { description: 'No such source' },
      },
      handler: async ({ body }) => retryFailedFetches(deps.queues, deps.redis, { sourceId: body.source, urls: body.urls }),
    }),
  ];
}
