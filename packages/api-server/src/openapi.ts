import { z } from 'zod';
import type { AnyRoute } from './route.ts';
import { errorBody } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.1 uses JSON Schema 2020-12, zod's default target; the per-schema `$schema` is dropped. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
  }));
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(r: AnyRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const content = spec.schema ? { [spec.contentType ?? 'application/json']: { schema: jsonSchema(spec.schema, 'output') } } : spec.contentType ? { [spec.contentType]: {} } : undefined;
    responses[status] = Number(status) >= 400 ? errorResponse(spec.description) : { description: spec.description, ...(content ? { content } : {}) };
  }
  responses['400'] ??= errorResponse('Invalid request: the issues name each problem');
  responses['401'] = errorResponse('Missing or unknown API key');
  responses['403'] = errorResponse(`The key lacks the "${r.scope}" scope`);
  return {
    operationId: r.operationId,
    summary: r.summary,
    description: `${r.description ? `${r.description}\n\n` : ''}Requires scope: **${r.scope}** (admin ⊃ write ⊃ read).`,
    tags: [r.tag],
    security: [{ bearer: [] }, { apiKeyHeader: [] }],
    'x-required-scope': r.scope,
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
    responses,
  };
}

/** Routes served without a key: health, readiness, metrics and this document. */
const PUBLIC_PATHS: Record<string, JsonSchema> = {
  '/healthz': { get: { operationId: 'healthz', summary: 'Liveness', tags: ['operations'], security: [], responses: { 200: { description: 'Alive' } } } },
  '/readyz': {
    get: {
      operationId: 'readyz',
      summary: 'Readiness: Redis (noeviction), Meilisearch and S3 answer within 1 s',
      tags: ['operations'],
      security: [],
      responses: { 200: { description: 'Ready' }, 503: { description: 'A dependency is down' } },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics (text format 0.0.4)',
      tags: ['operations'],
      security: [],
      responses: { 200: { description: 'Metrics', content: { 'text/plain': {} } } },
    },
  },
  '/api/openapi.json': { get: { operationId: 'openapi', summary: 'This document', tags: ['operations'], security: [], responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
};

export function openApiDocument(routes: readonly AnyRoute[], version = '0.1.0'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, item] of Object.entries(PUBLIC_PATHS)) paths[path] = item as Record<string, JsonSchema>;
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'ingest operator API',
      version,
      description: 'Enqueue URLs, inspect and retry jobs, read documents, control queues and manage API keys. Authenticate with `Authorization: Bearer <key>` or `x-api-key`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key: API_KEY (admin) or one created with `ingest keys create`' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
  };
}
