import { z } from 'zod';
import { OperatorError, runDocuments } from '@ingest/ops';
import { RecrawlSchedule, RenderDecisions, SourceError, SourceRegistry, sourceInputSchema, suggestedSourceId, type DiscoveredSource, type SourceErrorCode } from '@ingest/sources';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const idParam = z.object({ id: z.string().min(1) });
const sourceView = z.object({ source: z.record(z.string(), z.unknown()), state: z.record(z.string(), z.unknown()) }).meta({ id: 'SourceView' });

const recrawlSchedule = z
  .object({
    id: z.string(),
    adaptive: z.object({ minIntervalMs: z.number().int(), maxIntervalMs: z.number().int() }).nullable(),
    entries: z.array(
      z.object({ url: z.string(), intervalMs: z.number().int(), nextDueAt: z.string(), lastCheckedAt: z.string(), checks: z.number().int(), changes: z.number().int() }).meta({ id: 'RecrawlEntry' }),
    ),
  })
  .meta({ id: 'RecrawlSchedule' });

const runDocument = z
  .object({
    url: z.string(),
    outcome: z.enum(['fetched', 'unchanged', 'removed', 'failed']).describe("How the run's fetch of the URL ended"),
    documentId: z.string().nullable(),
    indexed: z.boolean().describe('The index holds the document (false: not yet, not an article, or lost: GET /api/v1/audit?source=)'),
    title: z.string().nullable(),
    canonicalUrl: z.string().nullable(),
    fetchedAt: z.string().nullable().describe('When the indexed version was fetched'),
  })
  .meta({ id: 'RunDocument' });
const runDocuments_ = z
  .object({
    sourceId: z.string(),
    runId: z.string().nullable().describe('The run listed; null when the source never ran'),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    nextOffset: z.number().int().nullable().describe('Pass as offset for the next page; null on the last'),
    documents: z.array(runDocument),
  })
  .meta({ id: 'RunDocuments' });

export const SOURCE_ERROR_STATUS: Record<SourceErrorCode, number> = {
  SOURCE_NOT_FOUND: 404,
  SOURCE_EXISTS: 409,
  INVALID_SOURCE: 400,
  SITEMAP_MALFORMED: 400,
  FEED_MALFORMED: 400,
  DOCUMENT_TOO_LARGE: 400,
  URL_LIMIT_REACHED: 400,
  FETCH_FAILED: 502,
};

export function sourceErrorReply(err: SourceError): { status: number; body: { error: string; message: string } } {
  return { status: SOURCE_ERROR_STATUS[err.code], body: { error: err.code, message: `${err.message}. ${err.hint}` } };
}

export function sourceRoutes(deps: RouteDeps): AnyRoute[] {
  const registry = new SourceRegistry(deps.redis, deps.queues);
  const decisions = new RenderDecisions(deps.redis, deps.queues.prefix);
  const withState = async (id: string) => ({ source: await registry.require(id), state: await registry.state(id), failures: await registry.failures(id) });
  // What `auto` rendering learned per URL pattern (empty for other modes).
  const withRender = async (id: string) => ({ ...(await withState(id)), render: await decisions.list(id) });
  const action = (operationId: string, verb: 'pause' | 'resume', summary: string) =>
    defineRoute({
      operationId,
      method: 'POST',
      path: `/api/v1/sources/{id}/${verb}`,
      scope: 'write',
      tag: 'sources',
      summary,
      params: idParam,
      responses: { 200: { description: 'The source', schema: z.record(z.string(), z.unknown()) }, 404: { description: 'No such source' } },
      handler: async ({ params }) => registry[verb](params.id),
    });
  return [
    defineRoute({
      operationId: 'discoverSources',
      method: 'POST',
      path: '/api/v1/sources/discover',
      scope: 'write',
      tag: 'sources',
      summary: "Find a site's RSS/Atom/JSON feeds and sitemaps from its homepage, offered as sources",
      description:
        'Fetches the homepage (feeds declared with <link rel="alternate">), robots.txt (Sitemap: lines) and common feed and sitemap paths through the fetcher (politeness, robots, network guard); each feed and sitemap found is listed once with a source definition to POST to /api/v1/sources. Nothing is registered.',
      body: z.object({ url: z.string().url().max(2048) }),
      responses: {
        200: { description: 'Feeds, sitemaps and declared candidates that failed', schema: z.record(z.string(), z.unknown()) },
        501: { description: 'This process cannot fetch' },
        502: { description: 'The site failed or refused (its error code: HTTP_*, CONNECT_FAILED, ROBOTS_DISALLOWED, …)' },
        504: { description: 'The site did not answer in time (TIMEOUT)' },
      },
      handler: async ({ body }) => {
        if (!deps.discoverSite) throw new OperatorError(501, 'not_implemented', 'This API process has no fetcher to discover sources with');
        const found = await deps.discoverSite(body.url);
        const offer = (d: DiscoveredSource) => ({ ...d, source: { id: suggestedSourceId(d.url, d.kind), kind: d.kind, urls: [d.url] } });
        return { ...found, feeds: found.feeds.map(offer), sitemaps: found.sitemaps.map(offer) };
      },
    }),
    defineRoute({
      operationId: 'createSource',
      method: 'POST',
      path: '/api/v1/sources',
      scope: 'write',
      tag: 'sources',
      summary: 'Register a source (URL list, sitemap, feed or crawl), optionally on a schedule',
      description: 'Registering the same definition again is a no-op; a different one under the same id is refused (409).',
      body: sourceInputSchema,
      responses: { 201: { description: 'The source', schema: z.record(z.string(), z.unknown()) }, 409: { description: 'Id taken by another definition' } },
      handler: async ({ body, reply }) => reply.code(201).send(await registry.add(body)),
    }),
    defineRoute({
      operationId: 'listSources',
      method: 'GET',
      path: '/api/v1/sources',
      scope: 'read',
      tag: 'sources',
      summary: 'Registered sources with their latest run counts',
      responses: { 200: { description: 'Sources', schema: z.object({ sources: z.array(sourceView) }) } },
      handler: async () => ({ sources: await registry.list() }),
    }),
    defineRoute({
      operationId: 'getSource',
      method: 'GET',
      path: '/api/v1/sources/{id}',
      scope: 'read',
      tag: 'sources',
      summary: 'One source: definition, run state and failures',
      params: idParam,
      responses: {
        200: { description: 'The source', schema: sourceView.extend({ failures: z.array(z.record(z.string(), z.unknown())), render: z.array(z.record(z.string(), z.unknown())) }) },
        404: { description: 'No such source' },
      },
      handler: async ({ params }) => withRender(params.id),
    }),
    defineRoute({
      operationId: 'getSourceRecrawl',
      method: 'GET',
      path: '/api/v1/sources/{id}/recrawl',
      scope: 'read',
      tag: 'sources',
      summary: "An adaptive source's per-URL recrawl schedule, soonest due first",
      description: 'Each page, feed and sitemap: its interval (halved when it changed, doubled when not, within the source bounds), next due time, checks and changes.',
      params: idParam,
      responses: { 200: { description: 'The schedule', schema: recrawlSchedule }, 404: { description: 'No such source' } },
      handler: async ({ params }) => {
        const source = await registry.require(params.id);
        const entries = await new RecrawlSchedule(deps.redis, deps.queues.prefix).list(params.id);
        return {
          id: source.id,
          adaptive: source.adaptive ?? null,
          entries: entries.map(({ digest: _d, runId: _r, ...e }) => ({ ...e, nextDueAt: new Date(e.nextDueAt).toISOString(), lastCheckedAt: new Date(e.lastCheckedAt).toISOString() })),
        };
      },
    }),
    defineRoute({
      operationId: 'listSourceRunDocuments',
      method: 'GET',
      path: '/api/v1/sources/{id}/documents',
      scope: 'read',
      tag: 'sources',
      summary: 'The pages one run of a source fetched, in URL order, each with its outcome and the document it produced',
      description: "Built from the run's outcome records (kept 14 days). Without runId, the source's latest run.",
      params: idParam,
      query: z
        .object({
          runId: z.string().min(1).optional().describe('A run id (sources show); default the latest run'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        })
        .default({ limit: 50, offset: 0 }),
      responses: { 200: { description: "The run's pages", schema: runDocuments_ }, 404: { description: 'No such source or run' } },
      handler: async ({ params, query }) => runDocuments(deps, params.id, query),
    }),
    action('pauseSource', 'pause', 'Pause a source: scheduled runs are skipped'),
    action('resumeSource', 'resume', 'Resume a paused source'),
    defineRoute({
      operationId: 'runSource',
      method: 'POST',
      path: '/api/v1/sources/{id}/run',
      scope: 'write',
      tag: 'sources',
      summary: 'Run a source now, whatever its schedule',
      params: idParam,
      responses: { 202: { description: 'The discover job', schema: z.object({ jobId: z.string() }) }, 404: { description: 'No such source' } },
      handler: async ({ params, reply }) => reply.code(202).send({ jobId: await registry.runNow(params.id) }),
    }),
    defineRoute({
      operationId: 'removeSource',
      method: 'DELETE',
      path: '/api/v1/sources/{id}',
      scope: 'write',
      tag: 'sources',
      summary: 'Remove a source, its schedule and its state (queued fetch jobs still run)',
      params: idParam,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such source' } },
      handler: async ({ params, reply }) => {
        await registry.remove(params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
