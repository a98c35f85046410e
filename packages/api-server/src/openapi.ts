import { z } from 'zod';
import type { AnyRoute } from './route.ts';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.ts';

type JsonSchema = Record<string, unknown>;

/**
 * Named schemas (zod `.meta({ id })`) become components, referenced from every operation, so
 * client generators get real model names (JobView, Problem, …) instead of inventing them.
 * Request and response forms of one schema can differ (defaults make a field optional on input):
 * then the request form is named `<Name>Input`.
 */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** OpenAPI 3.1 uses JSON Schema 2020-12, zod's default target; the per-schema `$schema` is dropped. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) {
      const existing = this.schemas[id];
      const name = existing && JSON.stringify(existing) !== JSON.stringify(def) && io === 'input' ? `${id}Input` : id;
      names.set(id, name);
    }
    const relink = (value: JsonSchema): JsonSchema =>
      JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_m, id: string) => JSON.stringify(`#/components/schemas/${names.get(id) ?? id}`))) as JsonSchema;
    for (const [id, def] of Object.entries($defs ?? {})) this.schemas[names.get(id)!] ??= relink(def);
    return relink(rest);
  }

  /** A schema for a place in an operation: a $ref when it is named (or given a name here). */
  ref(schema: z.ZodType, io: 'input' | 'output', fallbackName?: string): JsonSchema {
    const converted = this.convert(schema, io);
    if (converted.$ref || !fallbackName || converted.type !== 'object') return converted;
    this.schemas[fallbackName] ??= converted;
    return { $ref: `#/components/schemas/${fallbackName}` };
  }
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function parameters(components: Components, schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const s = components.convert(schema, 'input');
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

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const errorResponse = (description: string, schema: JsonSchema = PROBLEM_REF) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema } } });

function operation(components: Components, r: AnyRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    if (Number(status) >= 400) {
      responses[status] = errorResponse(spec.description, spec.schema ? components.ref(spec.schema, 'output') : PROBLEM_REF);
      continue;
    }
    const content = spec.schema
      ? { [spec.contentType ?? 'application/json']: { schema: components.ref(spec.schema, 'output', `${pascal(r.operationId)}Response`) } }
      : spec.contentType
        ? { [spec.contentType]: {} }
        : undefined;
    responses[status] = { description: spec.description, ...(content ? { content } : {}) };
  }
  // What every operator route can answer besides its own statuses (auth, validation, Fastify, dependencies).
  responses['400'] ??= errorResponse('Invalid request: `issues` name each problem (also a body that is not JSON)');
  responses['401'] = errorResponse('Missing or unknown API key');
  responses['403'] = errorResponse(`The key lacks the "${r.scope}" scope`);
  if (r.body) {
    responses['413'] ??= errorResponse('The body is larger than 5 MiB');
    responses['415'] ??= errorResponse('The body is not application/json');
  }
  responses['429'] ??= errorResponse('Too many wrong API keys from this address; see Retry-After');
  responses['500'] ??= errorResponse('An unexpected error; the server log has the details');
  responses['503'] ??= errorResponse('Redis (or another dependency) is unavailable; retry after Retry-After seconds');
  return {
    operationId: r.operationId,
    summary: r.summary,
    description: `${r.description ? `${r.description}\n\n` : ''}Requires scope: **${r.scope}** (admin ⊃ write ⊃ read).`,
    tags: [r.tag],
    security: [{ bearer: [] }, { apiKeyHeader: [] }],
    'x-required-scope': r.scope,
    parameters: [...parameters(components, r.params, 'path'), ...parameters(components, r.query, 'query')],
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: components.ref(r.body, 'input', `${pascal(r.operationId)}Request`) } } } } : {}),
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
      responses: { 200: { description: 'Ready: every check true' }, 503: errorResponse('A dependency is down: `errors` names what is wrong, and the checks say which') },
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
  const components = new Components();
  components.convert(problemSchema, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, item] of Object.entries(PUBLIC_PATHS)) paths[path] = item as Record<string, JsonSchema>;
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(components, r);
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
      schemas: components.schemas,
    },
  };
}
