import { z } from 'zod';
import { documentDiff, documentVersions } from '@ingest/ops';
import { defineRoute, type AnyRoute } from '../route.ts';
import { documentIdParam } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

const documentVersion = z
  .object({
    n: z.number().int().describe('1 for the first version; never reused'),
    version: z.number().int().describe('Fetch time (ms) of the capture'),
    fetchedAt: z.string(),
    title: z.string(),
    contentDigest: z.string().describe('sha256 of the captured payload'),
    textDigest: z.string().describe('sha256 of title and body with template noise masked'),
    archiveKey: z.string().describe('S3 key of the WARC capture'),
    documentKey: z.string().describe('S3 key of the extracted document'),
  })
  .meta({ id: 'DocumentVersion' });

const diffSummary = z.object({ titleChanged: z.boolean(), wordsAdded: z.number().int(), wordsRemoved: z.number().int(), fieldsChanged: z.array(z.string()) }).meta({ id: 'DiffSummary' });

const documentDiffSchema = z
  .object({
    id: z.string(),
    from: documentVersion,
    to: documentVersion,
    title: z.object({ from: z.string(), to: z.string() }).nullable(),
    fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).describe('Metadata that changed'),
    body: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })).describe('Word-level diff of the body'),
    summary: diffSummary,
  })
  .meta({ id: 'DocumentDiff' });

const versionNumber = z.coerce.number().int().min(1).optional();

export function versionRoutes(deps: RouteDeps): AnyRoute[] {
  const store = { redis: deps.redis, prefix: deps.queues.prefix, archive: deps.archive, searchIndex: deps.searchIndex };
  return [
    defineRoute({
      operationId: 'listDocumentVersions',
      method: 'GET',
      path: '/api/v1/documents/{id}/versions',
      scope: 'read',
      tag: 'documents',
      summary: "The document's versions, oldest first",
      description: 'A version is a change of the extracted text or title; changes of template noise (sidebar dates, counters) are not versions. The last 50 are kept.',
      params: documentIdParam,
      responses: { 200: { description: 'Versions', schema: z.object({ id: z.string(), versions: z.array(documentVersion) }).meta({ id: 'DocumentVersions' }) }, 404: { description: 'No versions' } },
      handler: async ({ params }) => ({ id: params.id, versions: await documentVersions(store, params.id) }),
    }),
    defineRoute({
      operationId: 'diffDocumentVersions',
      method: 'GET',
      path: '/api/v1/documents/{id}/diff',
      scope: 'read',
      tag: 'documents',
      summary: 'Word-level diff between two versions, with title and metadata changes',
      description: 'Without from/to: the version before the latest against the latest.',
      params: documentIdParam,
      query: z.object({ from: versionNumber, to: versionNumber }),
      responses: { 200: { description: 'The diff', schema: documentDiffSchema }, 404: { description: 'No such document or version' } },
      handler: async ({ params, query }) => documentDiff(store, params.id, query.from, query.to),
    }),
  ];
}
