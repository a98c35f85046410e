import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../route.ts';
import { pipelineStatus } from '@ingest/ops';
import type { RouteDeps } from './deps.ts';

const failure = z.object({ queue: z.string(), jobId: z.string(), url: z.string().nullable(), code: z.string(), message: z.string(), at: z.string(), final: z.boolean() }).meta({ id: 'FailureRecord' });
const status = z
  .object({
    queues: z.record(z.string(), z.record(z.string(), z.number().int())),
    counters: z.record(z.string(), z.number()).describe('Pipeline-wide counters shared by every process (Redis)'),
    recentFailures: z.array(failure),
    idle: z.boolean().describe('Every queue drained'),
    paused: z.array(z.string()).describe('Stages paused with ingest queues pause'),
  })
  .meta({ id: 'PipelineStatus' });

export function statsRoutes(deps: RouteDeps): AnyRoute[] {
  const handler = async () => pipelineStatus(deps.queues, deps.stats);
  return [
    defineRoute({
      operationId: 'getStats',
      method: 'GET',
      path: '/api/v1/stats',
      scope: 'read',
      tag: 'stats',
      summary: 'Queue counts, pipeline counters and recent failures',
      responses: { 200: { description: 'Stats', schema: status } },
      handler,
    }),
    defineRoute({
      operationId: 'getStatus',
      method: 'GET',
      path: '/api/v1/status',
      scope: 'read',
      tag: 'stats',
      summary: 'Same as /api/v1/stats (kept for existing clients)',
      responses: { 200: { description: 'Stats', schema: status } },
      handler,
    }),
  ];
}
