import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../route.ts';
import { pipelineStatus } from '@ingest/ops';
import type { RouteDeps } from './deps.ts';

const failure = z.object({ queue: z.string(), jobId: z.string(), url: z.string().nullable(), code: z.string(), message: z.string(), at: z.string(), final: z.boolean() }).meta({ id: 'FailureRecord' });
const figures = z
  .object({
    generation: z.string().describe('run:<id> (a source run), crawl:<id>, or day:<UTC date> for pages outside both'),
    since: z.string().nullable(),
    pages: z.number().int().describe('Pages extracted (unchanged pages are not extracted again)'),
    articles: z.number().int().describe('Pages that became a document'),
    articleRatio: z.number(),
    hadArticle: z.number().int().describe('Pages whose previous extraction found an article'),
    stillArticle: z.number().int().describe('Of those, pages that still have one'),
    keptRatio: z.number(),
    broken: z.number().int().describe('Pages with no article or low extraction confidence'),
    medianBodyLength: z.number().nullable(),
    medianConfidence: z.number().nullable(),
    templateBlocksRemoved: z.number().int(),
    templateBlocksPerPage: z.number(),
    examples: z.array(z.object({ url: z.string(), reason: z.enum(['no_article', 'low_confidence']), bodyLength: z.number().int(), confidence: z.number() })),
  })
  .meta({ id: 'HostExtractionFigures' });
const flaggedHost = z
  .object({
    host: z.string(),
    at: z.string().describe('When the flag was last confirmed'),
    reasons: z.array(
      z.object({ code: z.enum(['articles_lost', 'articles_found_fell', 'body_length_fell', 'confidence_fell', 'template_no_longer_matches']), previous: z.number(), current: z.number() }),
    ),
    previous: figures,
    current: figures,
  })
  .meta({ id: 'FlaggedHost' });

const status = z
  .object({
    queues: z.record(z.string(), z.record(z.string(), z.number().int())),
    counters: z.record(z.string(), z.number()).describe('Pipeline-wide counters shared by every process (Redis)'),
    recentFailures: z.array(failure),
    idle: z.boolean().describe('Every queue drained'),
    paused: z.array(z.string()).describe('Stages paused with ingest queues pause'),
    extraction: z
      .object({ flaggedHosts: z.array(flaggedHost) })
      .optional()
      .describe("Hosts whose extraction shifted sharply from their previous crawl to the current one (a redesign), with each generation's figures and example pages"),
  })
  .meta({ id: 'PipelineStatus' });

export function statsRoutes(deps: RouteDeps): AnyRoute[] {
  const handler = async () => pipelineStatus(deps.queues, deps.stats, 20, deps.extractionHealth);
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
