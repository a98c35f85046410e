import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isDocumentId } from '@ingest/ids';
import { defineRoute, type AnyRoute } from '../route.ts';
import { documentIdParam } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

/** The archived raw page of a document, served inert: no scripts, no requests to the original site. */
export async function serveArchived(deps: Pick<RouteDeps, 'searchIndex' | 'archive'>, id: string, reply: FastifyReply): Promise<FastifyReply> {
  if (!isDocumentId(id)) return reply.code(400).send({ error: 'invalid_id', message: 'Document ids are [A-Za-z0-9_-]' });
  const doc = await deps.searchIndex.get(id, ['archiveKey']);
  if (!doc) return reply.code(404).send({ error: 'not_found', message: `No document ${id}` });
  const { meta, body } = await deps.archive.getResponse(doc.archiveKey);
  return reply
    .header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'")
    .header('x-archived-url', meta.finalUrl)
    .header('x-archived-at', meta.fetchedAt)
    .type(meta.headers['content-type'] ?? 'application/octet-stream')
    .send(body);
}

export function documentRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'getDocument',
      method: 'GET',
      path: '/api/v1/documents/{id}',
      scope: 'read',
      tag: 'documents',
      summary: 'The extracted, enriched document as indexed in Meilisearch',
      description: 'The document JSON Schema is printed by `ingest schema`.',
      params: documentIdParam,
      responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) }, 404: { description: 'Not indexed' } },
      handler: async ({ params, reply }) => {
        const doc = await deps.searchIndex.get(params.id);
        if (!doc) return reply.code(404).send({ error: 'not_found', message: `No document ${params.id}. Find a URL's jobs with GET /api/v1/jobs?url=...` });
        return doc;
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
  ];
}
