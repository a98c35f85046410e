import { z } from 'zod';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const enqueueBody = z.object({
  urls: z.array(z.string().min(1)).min(1).max(10_000),
  crawl: z.boolean().optional().describe('Follow in-scope links (same host) from these start URLs'),
  maxPages: z.number().int().min(1).max(1_000_000).optional().describe('Crawl page budget (default 100)'),
  maxDepth: z.number().int().min(0).max(100).optional().describe('Crawl link depth (default 2)'),
});

const enqueueResult = z.object({
  enqueued: z.array(z.object({ url: z.string(), jobId: z.string(), created: z.boolean() })),
  crawlId: z.string().nullable(),
});

export function enqueueRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'enqueueUrls',
      method: 'POST',
      path: '/api/v1/enqueue',
      scope: 'write',
      tag: 'jobs',
      summary: 'Enqueue URLs for fetching, or start a crawl',
      description: 'Every URL is validated first; if one is invalid nothing is enqueued (400 INVALID_URL). Enqueuing a URL again is a no-op.',
      body: enqueueBody,
      responses: { 202: { description: 'Enqueued', schema: enqueueResult } },
      handler: async ({ body, reply }) => {
        const result = await enqueueUrls(deps.queues, new CrawlFrontier(deps.redis, deps.queues.prefix), {
          urls: body.urls,
          crawl: body.crawl ? { maxPages: body.maxPages ?? 100, maxDepth: body.maxDepth ?? 2 } : undefined,
        });
        return reply.code(202).send(result);
      },
    }),
  ];
}
