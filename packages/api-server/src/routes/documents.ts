import { withoutYear } from '@ingest/search-index';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Readable } from 'node:stream';
import { DOCUMENT_ID_RULE, isDocumentId } from '@ingest/ids';
import { archivedPage, notFound, OperatorError } from '@ingest/ops';
import type { ArchivedResponse } from '@ingest/archive';
import { defineRoute, type AnyRoute } from '../route.ts';
import { documentIdParam } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

const SCREENSHOT_PATH = '/api/v1/documents/{id}/screenshot';
const screenshotPath = (id: string): string => SCREENSHOT_PATH.replace('{id}', id);

/** An archived page, served inert: no scripts, no requests to the original site. */
function sendArchived(reply: FastifyReply, { meta, body }: ArchivedResponse, key?: string): FastifyReply {
  reply
    .header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'")
    .header('x-archived-url', meta.finalUrl)
    .header('x-archived-at', meta.fetchedAt)
    .header('x-archived-status', String(meta.status))
    // Everything the capture recorded (status, headers, redirects), header-safe, for `ingest raw --headers`.
    .header('x-archived-meta', Buffer.from(JSON.stringify(meta)).toString('base64url'));
  if (key) reply.header('x-archived-key', key);
  return reply.type(meta.headers['content-type'] ?? 'application/octet-stream').send(body);
}

/** The archived raw page of a document. */
export async function serveArchived(deps: Pick<RouteDeps, 'searchIndex' | 'archive'>, id: string, reply: FastifyReply): Promise<FastifyReply> {
  if (!isDocumentId(id)) throw new OperatorError(400, 'invalid_id', DOCUMENT_ID_RULE);
  const doc = await deps.searchIndex.get(id, ['archiveKey']);
  if (!doc) throw notFound(`No document ${id}`);
  return sendArchived(reply, await deps.archive.getResponse(doc.archiveKey), doc.archiveKey);
}

const hit = z
  .object({
    id: z.string(),
    title: z.string(),
    canonicalUrl: z.string(),
    siteName: z.string().nullable().optional(),
    site: z.string().optional(),
    publishedAt: z.string().nullable().optional(),
    authors: z.array(z.string()).optional(),
    language: z.string().nullable().optional(),
  })
  .meta({ id: 'SearchHit' });
const searchResult = z.object({ query: z.string(), estimatedTotalHits: z.number().int().optional(), processingTimeMs: z.number(), hits: z.array(hit) }).meta({ id: 'SearchResult' });

export function documentRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'getDocument',
      method: 'GET',
      path: '/api/v1/documents/{id}',
      scope: 'read',
      tag: 'documents',
      summary: 'The extracted, enriched document as indexed in Meilisearch',
      description: 'The document JSON Schema is printed by `ingest schema`. A rendered page with a screenshot also has screenshotUrl, the path of getDocumentScreenshot.',
      params: documentIdParam,
      responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) }, 404: { description: 'Not indexed' } },
      handler: async ({ params }) => {
        const doc = await deps.searchIndex.get(params.id);
        if (!doc) throw notFound(`No document ${params.id}. Find a URL's jobs with GET /api/v1/jobs?url=...`);
        // The S3 key says where the PNG is; the link says where an operator can fetch it.
        return doc.screenshotKey ? { ...doc, screenshotUrl: screenshotPath(params.id) } : doc;
      },
    }),
    defineRoute({
      operationId: 'getDocumentScreenshot',
      method: 'GET',
      path: SCREENSHOT_PATH,
      scope: 'read',
      tag: 'documents',
      summary: "A PNG screenshot of the rendered page (sources with screenshots on), as linked by the document's screenshotUrl",
      params: documentIdParam,
      responses: { 200: { description: 'The screenshot taken with the rendered snapshot', contentType: 'image/png' }, 404: { description: 'Not indexed, or indexed without a screenshot' } },
      handler: async ({ params, reply }) => {
        const doc = await deps.searchIndex.get(params.id, ['screenshotKey']);
        if (!doc) throw notFound(`No document ${params.id}`);
        if (!doc.screenshotKey) throw notFound(`Document ${params.id} has no screenshot: its source renders without screenshots (ingest sources add ID --render auto --screenshots)`);
        return reply
          .type('image/png')
          .header('cache-control', 'private, max-age=86400, immutable')
          .send(await deps.archive.getBytes(doc.screenshotKey));
      },
    }),
    defineRoute({
      operationId: 'getRawDocument',
      method: 'GET',
      path: '/api/v1/documents/{id}/raw',
      scope: 'read',
      tag: 'documents',
      summary: 'The raw archived page the document was extracted from',
      description: 'Served with a sandboxing CSP; x-archived-url and x-archived-at headers say what and when.',
      params: documentIdParam,
      responses: { 200: { description: 'The archived body, with its original content type', contentType: 'text/html' }, 404: { description: 'Not indexed' } },
      handler: async ({ params, reply }) => serveArchived(deps, params.id, reply),
    }),
    defineRoute({
      operationId: 'getRawPage',
      method: 'GET',
      path: '/api/v1/raw',
      scope: 'read',
      tag: 'documents',
      summary: 'The raw archived page of a URL (its latest capture) or a document id',
      description: 'What `ingest raw` prints. Headers: x-archived-url, x-archived-at, x-archived-status, x-archived-key and x-archived-meta (the capture record as base64url JSON).',
      query: z.object({ target: z.string().min(1).describe('A document id or an http(s) URL') }),
      responses: { 200: { description: 'The archived body, with its original content type', contentType: 'text/html' }, 404: { description: 'Nothing archived for it' } },
      handler: async ({ query, reply }) => {
        const page = await archivedPage({ redis: deps.redis, prefix: deps.queues.prefix, searchIndex: deps.searchIndex, archive: deps.archive }, query.target);
        return sendArchived(reply, page, page.key);
      },
    }),
    defineRoute({
      operationId: 'searchDocuments',
      method: 'GET',
      path: '/api/v1/search',
      scope: 'read',
      tag: 'documents',
      summary: 'Search the index as the search UI does',
      query: z.object({ q: z.string().default('').describe('Query text'), limit: z.coerce.number().int().min(1).max(1000).default(10) }),
      responses: {
        200: {
          description: 'Hits, best first',
          schema: searchResult,
        },
      },
      handler: async ({ query }) => {
        const res = await deps.searchIndex.search({ text: query.q, limit: query.limit, fields: ['id', 'title', 'canonicalUrl', 'siteName', 'site', 'publishedAt', 'authors', 'language'] });
        return { query: query.q, estimatedTotalHits: res.total, processingTimeMs: res.tookMs, hits: res.hits };
      },
    }),
    defineRoute({
      operationId: 'exportDocuments',
      method: 'GET',
      path: '/api/v1/export',
      scope: 'read',
      tag: 'documents',
      summary: 'Every indexed document, one JSON object a line (what `ingest export --jsonl` writes)',
      description: 'Documents whose publisher reserves text-and-data-mining rights (TDMRep tdm-reservation: 1) are left out unless includeTdmReserved=true, as `ingest export --jsonl` does.',
      query: z.object({ includeTdmReserved: z.enum(['true', 'false']).default('false') }).default({ includeTdmReserved: 'false' }),
      responses: { 200: { description: 'JSON lines, streamed', contentType: 'application/x-ndjson' } },
      handler: async ({ query, reply }) => {
        const index = deps.searchIndex;
        const includeReserved = query.includeTdmReserved === 'true';
        async function* lines(): AsyncIterable<string> {
          for await (const doc of index.allDocuments()) {
            if (doc.tdm?.reserved && !includeReserved) continue;
            yield `${JSON.stringify(withoutYear(doc))}\n`;
          }
        }
        return reply.type('application/x-ndjson').send(Readable.from(lines()));
      },
    }),
  ];
}
