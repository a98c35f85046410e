import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ArchiveStore } from '@ingest/archive';
import { STAGES } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import type { Logger } from '@ingest/logger';
import type { PipelineMetrics } from '@ingest/metrics';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { MeiliSearchIndex } from '@ingest/search-index';
import { searchUiAssets } from '@ingest/search-ui';
import type { Redis } from 'ioredis';
import { requireApiKey } from './auth.ts';
import { pipelineStatus } from './status.ts';

export interface ApiDeps {
  apiKey: string;
  log: Logger;
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
  archive: ArchiveStore;
  searchIndex: MeiliSearchIndex;
  metrics: PipelineMetrics;
  /** What the browser needs to query Meilisearch directly: a search-only key, never the master key. */
  searchUi: { meiliUrl: string; searchKey: string; indexUid: string };
}

const enqueueBody = z.object({
  urls: z.array(z.string().min(1)).min(1).max(10_000),
  crawl: z.boolean().optional(),
  maxPages: z.number().int().min(1).max(1_000_000).optional(),
  maxDepth: z.number().int().min(0).max(100).optional(),
});

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  // Fastify's own per-request logging is off; errors are logged by the handler below.
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  const auth = requireApiKey(deps.apiKey);

  app.setErrorHandler(async (err, _req, reply) => {
    if (err instanceof IngestError) return reply.code(400).send({ error: err.code, message: err.message });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) deps.log.error({ err: (err as Error).message }, 'api error');
    return reply.code(status).send({ error: status >= 500 ? 'internal' : 'bad_request', message: (err as Error).message });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const redisOk = await deps.redis.ping().then((r) => r === 'PONG').catch(() => false);
    const meiliOk = await deps.searchIndex.client.isHealthy().catch(() => false);
    return reply.code(redisOk && meiliOk ? 200 : 503).send({ redis: redisOk, meilisearch: meiliOk });
  });
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await deps.metrics.text()));

  // The search UI: static assets, the public search-only configuration, and archived copies.
  app.get('/ui-config.json', async () => deps.searchUi);
  app.get<{ Params: { id: string } }>('/archive/:id', async (req, reply) => serveArchived(deps, req.params.id, reply));
  for (const asset of searchUiAssets()) {
    app.get(asset.route, async (_req, reply) => reply.type(asset.contentType).send(asset.body));
  }

  await app.register(async (api) => {
    api.addHook('onRequest', auth);
    api.post('/api/v1/enqueue', async (req, reply) => {
      const parsed = enqueueBody.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      const b = parsed.data;
      const result = await enqueueUrls(deps.queues, new CrawlFrontier(deps.redis, deps.queues.prefix), {
        urls: b.urls,
        crawl: b.crawl ? { maxPages: b.maxPages ?? 100, maxDepth: b.maxDepth ?? 2 } : undefined,
      });
      return reply.code(202).send(result);
    });
    api.get('/api/v1/status', async () => pipelineStatus(deps.queues, deps.stats));
    api.get<{ Params: { id: string } }>('/api/v1/documents/:id', async (req, reply) => {
      const res = await deps.searchIndex.search('', { filter: `id = ${JSON.stringify(req.params.id)}`, limit: 1, distinct: undefined });
      const doc = res.hits[0];
      if (!doc) return reply.code(404).send({ error: 'not_found', message: `No document ${req.params.id}` });
      return doc;
    });
    api.get<{ Params: { id: string } }>('/api/v1/documents/:id/raw', async (req, reply) => serveArchived(deps, req.params.id, reply));
  });

  // The queue dashboard has no authentication of its own: it is mounted behind ours.
  const board = new FastifyAdapter();
  createBullBoard({ queues: STAGES.map((s) => new BullMQAdapter(deps.queues.queues[s])), serverAdapter: board });
  board.setBasePath('/admin/queues');
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireApiKey(deps.apiKey, { browser: true }));
    await scope.register(board.registerPlugin(), { prefix: '/admin/queues' });
  });
  return app;
}

/** The archived raw page of a document, served inert: no scripts, no requests to the original site. */
async function serveArchived(deps: ApiDeps, id: string, reply: FastifyReply): Promise<FastifyReply> {
  if (!/^[A-Za-z0-9_-]{1,511}$/.test(id)) return reply.code(400).send({ error: 'invalid_id', message: 'Document ids are [A-Za-z0-9_-]' });
  const res = await deps.searchIndex.search('', { filter: `id = ${JSON.stringify(id)}`, limit: 1, attributesToRetrieve: ['archiveKey'] });
  const doc = res.hits[0];
  if (!doc) return reply.code(404).send({ error: 'not_found', message: `No document ${id}` });
  const { meta, body } = await deps.archive.getResponse(doc.archiveKey);
  return reply
    .header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox")
    .header('x-archived-url', meta.finalUrl)
    .header('x-archived-at', meta.fetchedAt)
    .type(meta.headers['content-type'] ?? 'application/octet-stream')
    .send(body);
}
