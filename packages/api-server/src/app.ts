import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { ArchiveStore } from '@ingest/archive';
import { STAGES } from '@ingest/contracts';
import { IngestError } from '@ingest/errors';
import type { Logger } from '@ingest/logger';
import type { PipelineMetrics } from '@ingest/metrics';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { ExtractionHealth } from '@ingest/extraction-health';
import type { RebuildableIndex } from '@ingest/search-index';
import { consoleAssets, searchUiAssets } from '@ingest/search-ui';
import { SourceError } from '@ingest/sources';
import type { Redis } from 'ioredis';
import { ApiKeyStore, ConsoleSessionStore, OperatorError, ReindexRunner, RETRY_AFTER_S, unavailableReply } from '@ingest/ops';
import { AuthThrottle } from './auth-throttle.ts';
import { errorStatus } from './error-status.ts';
import { Authenticator } from './auth.ts';
import { registerConsoleSession } from './console-session.ts';
import { openApiDocument } from './openapi.ts';
import { readiness } from './readiness.ts';
import { RequestValidationError, registerRoutes, type AnyRoute } from './route.ts';
import type { RouteDeps } from './routes/deps.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { fastifyProblem, sendProblem } from './problem.ts';
import { documentRoutes, serveArchived } from './routes/documents.ts';
import { versionRoutes } from './routes/versions.ts';
import { enqueueRoutes } from './routes/enqueue.ts';
import { jobRoutes } from './routes/jobs.ts';
import { keyRoutes } from './routes/keys.ts';
import { queueRoutes } from './routes/queues.ts';
import { sourceErrorReply, sourceRoutes } from './routes/sources.ts';
import { statsRoutes } from './routes/stats.ts';
import { auditRoutes } from './routes/audit.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { reindexRoutes } from './routes/reindex.ts';
import { waczRoutes } from './routes/wacz.ts';

export interface ApiDeps {
  /** The bootstrap key (API_KEY): admin scope. Further keys live hashed in Redis. */
  apiKey: string;
  log: Logger;
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
  /** Per-host extraction figures and redesign flags, shown by the status route. */
  extractionHealth?: ExtractionHealth;
  archive: ArchiveStore;
  /** The live index (a rebuild swaps another in: `ingest reindex` through the API). */
  searchIndex: RebuildableIndex;
  metrics: PipelineMetrics;
  /** What the browser needs to query Meilisearch directly: a search-only key, never the master key. */
  searchUi: { meiliUrl: string; searchKey: string; indexUid: string };
  /** REDIS_ALLOW_EVICTION: /readyz tolerates an evicting Redis. */
  allowEviction?: boolean;
  /** REDIS_AOF_WAIT_MS: how long an enqueue waits for WAITAOF before answering. */
  aofWaitMs?: number;
  /** API_AUTH_FAILURE_LIMIT: wrong keys per client IP per minute before 429. */
  authFailureLimit?: number;
  discoverSite?: RouteDeps['discoverSite'];
  /** WEBHOOK_ALLOW_NETWORKS: private networks a webhook URL may point at. */
  webhookAllowNetworks?: string;
}

export function operatorRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    ...enqueueRoutes(deps),
    ...jobRoutes(deps),
    ...documentRoutes(deps),
    ...versionRoutes(deps),
    ...queueRoutes(deps),
    ...statsRoutes(deps),
    ...keyRoutes(deps),
    ...sourceRoutes(deps),
    ...auditRoutes(deps),
    ...webhookRoutes(deps),
    ...reindexRoutes(deps),
    ...waczRoutes(deps),
  ];
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  // Fastify's own per-request logging is off; errors are logged by the handler below.
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // Every body is JSON: a text/plain body is refused with 415 rather than parsed into a string that then fails validation.
  app.removeContentTypeParser('text/plain');
  const keys = new ApiKeyStore(deps.redis, deps.queues.prefix);
  const sessions = new ConsoleSessionStore(deps.redis, deps.queues.prefix);
  const auth = new Authenticator(deps.apiKey, keys, new AuthThrottle(deps.authFailureLimit ?? 10), sessions);
  const reindex = new ReindexRunner(deps);
  // A rebuild in progress stops after its chunk when the API closes; its checkpoint lets the next run resume.
  app.addHook('onClose', async () => reindex.close());
  const routes = operatorRoutes({
    redis: deps.redis,
    queues: deps.queues,
    stats: deps.stats,
    extractionHealth: deps.extractionHealth,
    archive: deps.archive,
    searchIndex: deps.searchIndex,
    keys,
    aofWaitMs: deps.aofWaitMs ?? 1_500,
    reindex,
    discoverSite: deps.discoverSite,
    webhookAllowNetworks: deps.webhookAllowNetworks ?? '',
  });
  const uiAssets = searchUiAssets();
  const consoleUi = consoleAssets();
  registerSecurityHeaders(app, { meiliUrl: deps.searchUi.meiliUrl, searchUiRoutes: new Set(uiAssets.map((a) => a.route)), consoleRoutes: new Set(consoleUi.map((a) => a.route)) });
  const openapi = openApiDocument(routes);

  app.setErrorHandler(async (err, req, reply) => {
    if (err instanceof RequestValidationError) return sendProblem(reply, 400, 'invalid_request', err.message, { issues: err.issues });
    const unavailable = unavailableReply(err);
    if (unavailable) return sendProblem(reply.header('retry-after', String(unavailable.retryAfter)), 503, unavailable.code, unavailable.message);
    if (err instanceof IngestError) {
      const status = errorStatus(err.code);
      // A 500 is a fault of ours: its stack and causes go to the log; the caller gets the code.
      if (status >= 500) deps.log.error({ err, url: req.url, code: err.code }, 'api error');
      return sendProblem(reply, status, err.code, err.message, err.details?.invalid ? { invalid: err.details.invalid } : {});
    }
    if (err instanceof OperatorError) return sendProblem(reply, err.statusCode, err.code, err.message);
    if (err instanceof SourceError) {
      const { status, body } = sourceErrorReply(err);
      return sendProblem(reply, status, body.error, body.message);
    }
    const known = fastifyProblem(err as FastifyError, req);
    if (known) return sendProblem(reply, known.status, known.code, known.detail);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    deps.log.error({ err, url: req.url }, 'api error');
    return sendProblem(reply, status >= 500 ? status : 500, 'internal', `Unexpected error: ${(err as Error).message}. The API log has the details.`);
  });

  // Every bad URL gets the same problem shape as any other error, naming the routes' document.
  app.setNotFoundHandler(async (req, reply) => sendProblem(reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}. Every route is described in /api/openapi.json.`));

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const r = await readiness({ redis: deps.redis, searchIndex: deps.searchIndex, archive: deps.archive, allowEviction: deps.allowEviction ?? false });
    if (r.ready) return reply.send(r.checks);
    return sendProblem(
      reply.header('retry-after', String(RETRY_AFTER_S)),
      503,
      'DEPENDENCY_UNAVAILABLE',
      `Not ready: ${Object.entries(r.errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
      { ...r.checks, errors: r.errors },
    );
  });
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await deps.metrics.text()));
  app.get('/api/openapi.json', async () => openapi);

  // The search UI: static assets, the public search-only configuration, and archived copies.
  app.get('/ui-config.json', async () => deps.searchUi);
  app.get<{ Params: { id: string } }>('/archive/:id', async (req, reply) => serveArchived(deps, req.params.id, reply));
  for (const asset of [...uiAssets, ...consoleUi]) {
    app.get(asset.route, async (_req, reply) => reply.type(asset.contentType).send(asset.body));
  }
  // The operator console: static pages calling the routes below with a session cookie.
  registerConsoleSession(app, auth, sessions);

  registerRoutes(app, routes, auth);

  // The queue dashboard has no authentication of its own: it is mounted behind ours. It can
  // retry, clean and pause queues, so it needs the admin scope.
  const board = new FastifyAdapter();
  createBullBoard({ queues: STAGES.map((s) => new BullMQAdapter(deps.queues.queues[s])), serverAdapter: board });
  board.setBasePath('/admin/queues');
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.require('admin', { browser: true }));
    await scope.register(board.registerPlugin(), { prefix: '/admin/queues' });
  });
  return app;
}
