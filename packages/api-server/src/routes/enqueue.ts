import { z } from 'zod';
import { CrawlFrontier, enqueueUrlsReporting } from '@ingest/pipeline';
import { waitDurable } from '@ingest/queue';
import { unavailableReply } from '@ingest/ops';
import { problemSchema, sendProblem } from '../problem.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const enqueueBody = z
  .object({
    urls: z.array(z.string().min(1)).min(1).max(10_000),
    crawl: z.boolean().optional().describe('Follow in-scope links (same host) from these start URLs'),
    maxPages: z.number().int().min(1).max(1_000_000).optional().describe('Crawl page budget (default 100)'),
    maxDepth: z.number().int().min(0).max(100).optional().describe('Crawl link depth (default 2)'),
  })
  .meta({ id: 'EnqueueRequest' });

const enqueued = z.array(z.object({ url: z.string(), jobId: z.string(), created: z.boolean() })).meta({ id: 'EnqueuedJobs' });
const enqueueResult = z.object({ enqueued, crawlId: z.string().nullable() }).meta({ id: 'EnqueueResult' });
const partialResult = problemSchema
  .extend({
    enqueued: enqueued.describe('Accepted: these jobs exist'),
    failed: z.array(z.object({ url: z.string(), jobId: z.string(), error: z.string() })).describe('Not accepted: these jobs do not exist; send them again'),
    crawlId: z.string().nullable(),
  })
  .meta({ id: 'EnqueuePartialProblem' });
const invalidResult = problemSchema
  .extend({
    code: z.literal('INVALID_URL'),
    invalid: z.array(z.object({ url: z.string(), code: z.string(), message: z.string() })).describe('Every invalid URL of the request, not only the first'),
  })
  .meta({ id: 'InvalidUrlsProblem' });

export function enqueueRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'enqueueUrls',
      method: 'POST',
      path: '/api/v1/enqueue',
      scope: 'write',
      tag: 'jobs',
      summary: 'Enqueue URLs for fetching, or start a crawl',
      description:
        'Every URL is validated first; if any is invalid nothing is enqueued (400 INVALID_URL, listing every invalid URL). ' +
        'Enqueuing a URL again is a no-op. 202 means every job is in Redis (and, on Redis >= 7.2 with appendonly, fsynced). ' +
        'When Redis is down, frozen or full the answer is 503 with Retry-After, listing per URL what was accepted and what was not.',
      body: enqueueBody,
      responses: {
        202: { description: 'Enqueued', schema: enqueueResult },
        400: { description: 'Invalid URLs: nothing enqueued', schema: invalidResult },
        503: { description: 'Redis unavailable or full: `enqueued` exist, `failed` do not', schema: partialResult },
      },
      handler: async ({ body, reply }) => {
        const report = await enqueueUrlsReporting(deps.queues, new CrawlFrontier(deps.redis, deps.queues.prefix), {
          urls: body.urls,
          crawl: body.crawl ? { maxPages: body.maxPages ?? 100, maxDepth: body.maxDepth ?? 2 } : undefined,
        });
        let failure = report.firstError;
        // Acknowledged means durable: wait for the AOF fsync on the connection that wrote the jobs.
        if (report.enqueued.some((e) => e.created)) {
          try {
            await waitDurable(deps.redis, deps.aofWaitMs);
          } catch (err) {
            failure ??= err;
          }
        }
        if (failure === undefined) return reply.code(202).send({ enqueued: report.enqueued, crawlId: report.crawlId });
        const unavailable = unavailableReply(failure);
        if (!unavailable) throw failure instanceof Error ? failure : new Error(String(failure));
        return sendProblem(reply.header('retry-after', String(unavailable.retryAfter)), 503, unavailable.code, unavailable.message, {
          enqueued: report.enqueued,
          failed: report.failed,
          crawlId: report.crawlId,
        });
      },
    }),
  ];
}
