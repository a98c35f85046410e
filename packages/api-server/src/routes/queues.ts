import { z } from 'zod';
import type { QueueName } from '@ingest/contracts';
import { drainQueue, pauseQueue, queueOverview, resumeQueue } from '@ingest/ops';
import { defineRoute, type AnyRoute } from '../route.ts';
import { queueOverview as overviewSchema, stageParam } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

export function queueRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'listQueues',
      method: 'GET',
      path: '/api/v1/queues',
      scope: 'read',
      tag: 'queues',
      summary: 'Every stage queue: paused or not, job counts per state',
      responses: { 200: { description: 'Queues', schema: z.object({ queues: z.array(overviewSchema) }) } },
      handler: async () => ({ queues: await queueOverview(deps.queues) }),
    }),
    defineRoute({
      operationId: 'pauseQueue',
      method: 'POST',
      path: '/api/v1/queues/{queue}/pause',
      scope: 'admin',
      tag: 'queues',
      summary: 'Pause a stage: no worker takes new jobs; active ones finish',
      params: stageParam,
      responses: { 200: { description: 'The queue', schema: overviewSchema } },
      handler: async ({ params }) => pauseQueue(deps.queues, params.queue as QueueName),
    }),
    defineRoute({
      operationId: 'resumeQueue',
      method: 'POST',
      path: '/api/v1/queues/{queue}/resume',
      scope: 'admin',
      tag: 'queues',
      summary: 'Resume a paused stage',
      params: stageParam,
      responses: { 200: { description: 'The queue', schema: overviewSchema } },
      handler: async ({ params }) => resumeQueue(deps.queues, params.queue as QueueName),
    }),
    defineRoute({
      operationId: 'drainQueue',
      method: 'POST',
      path: '/api/v1/queues/{queue}/drain',
      scope: 'admin',
      tag: 'queues',
      summary: 'Remove waiting (and optionally delayed) jobs of a stage',
      description: 'Active, completed and failed jobs stay. Drained URLs can be enqueued again.',
      params: stageParam,
      body: z.object({ delayed: z.boolean().default(false).describe('Also remove delayed jobs (back-off, rate limits)') }).default({ delayed: false }),
      responses: { 200: { description: 'How many jobs were removed', schema: z.object({ removed: z.number().int(), queue: overviewSchema }) } },
      handler: async ({ params, body }) => drainQueue(deps.queues, params.queue as QueueName, { delayed: body.delayed }),
    }),
  ];
}
