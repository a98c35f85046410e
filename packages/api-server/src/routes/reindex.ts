import { z } from 'zod';
import { ReindexRunner } from '@ingest/ops';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const progress = z
  .object({
    phase: z.enum(['counting', 'building', 'swapping', 'catching-up', 'done']),
    target: z.string().describe('The index being built'),
    total: z.number().int(),
    processed: z.number().int(),
    indexed: z.number().int(),
    skipped: z.number().int(),
    resumedFrom: z.number().int(),
  })
  .meta({ id: 'ReindexProgress' });
const report = progress.extend({ resumed: z.boolean(), carriedOver: z.number().int(), skippedReasons: z.record(z.string(), z.number().int()) }).meta({ id: 'ReindexReport' });
const runState = z
  .object({
    state: z.enum(['idle', 'running', 'done', 'failed']),
    startedAt: z.string().nullable(),
    progress: progress.nullable(),
    report: report.nullable(),
    error: z.string().nullable().describe('"CODE: message" of a failed run; ABORTED and LOCKED runs resume when started again'),
  })
  .meta({ id: 'ReindexRun' });

export function reindexRoutes(deps: RouteDeps): AnyRoute[] {
  const runner = deps.reindex ?? new ReindexRunner(deps);
  return [
    defineRoute({
      operationId: 'startReindex',
      method: 'POST',
      path: '/api/v1/reindex',
      scope: 'admin',
      tag: 'documents',
      summary: 'Rebuild the index from the archive in the background and swap it in (what `ingest reindex` does)',
      description:
        'One run at a time per API process (another process holding the reindex lock makes the run fail LOCKED). Starting while a run is in progress returns that run. Poll GET /api/v1/reindex for progress.',
      body: z.object({ chunk: z.number().int().min(1).max(10_000).default(100).describe('Archived pages per checkpoint') }).default({ chunk: 100 }),
      responses: { 202: { description: 'The run in progress', schema: runState } },
      handler: async ({ body, reply }) => reply.code(202).send(runner.start(body.chunk)),
    }),
    defineRoute({
      operationId: 'getReindex',
      method: 'GET',
      path: '/api/v1/reindex',
      scope: 'admin',
      tag: 'documents',
      summary: 'The reindex run of this API process: its progress, or how it ended',
      responses: { 200: { description: 'The run', schema: runState } },
      handler: async () => runner.status(),
    }),
  ];
}
