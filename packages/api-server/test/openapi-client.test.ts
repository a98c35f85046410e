import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The smallest value a schema accepts for its required parts, so every route is called with something it can parse. */
function sample(schema: Json, doc: Json, url: string, name = ''): unknown {
  if (typeof schema.$ref === 'string') return sample((doc.components as { schemas: Record<string, Json> }).schemas[schema.$ref.split('/').pop()!]!, doc, url, name);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.anyOf)) return sample(schema.anyOf[0] as Json, doc, url, name);
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      return Object.fromEntries(((schema.required ?? []) as string[]).map((k) => [k, sample(props[k] ?? {}, doc, url, k)]));
    }
    case 'array':
      return [sample((schema.items ?? {}) as Json, doc, url, name)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    default:
      return /url/i.test(name) ? url : 'client-test';
  }
}

describe('a client generated from the OpenAPI document', () => {
  const config = testConfig({ jobAttempts: 1 });
  let proc: PipelineProcess;
  let site: FixtureServer;
  let doc: Json;
  const dir = mkdtempSync(join(tmpdir(), 'ingest-openapi-'));

  beforeAll(async () => {
    site = await startFixtureServer({});
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'openapi-client-test' });
    doc = (await proc.api!.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has named component schemas that openapi-typescript turns into types a program compiles against', async () => {
    const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
    for (const name of [
      'Problem',
      'JobView',
      'QueueOverview',
      'ApiKey',
      'PipelineStatus',
      'AuditReport',
      'LostPage',
      'EnqueueRequest',
      'EnqueueResult',
      'InvalidUrlsProblem',
      'SourceView',
      'SearchResult',
      'RetryResult',
      'DocumentVersions',
      'DocumentVersion',
      'DocumentDiff',
      'DiffSummary',
      'RecrawlSchedule',
      'RunDocuments',
      'RunDocument',
    ])
      expect(schemas[name], name).toBeDefined();
    // No inline models left for generators to name: every JSON body is a $ref to a component.
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, res] of Object.entries(op.responses)) {
          const schema = res.content?.['application/json']?.schema ?? res.content?.['application/problem+json']?.schema;
          if (schema && Object.keys(schema).length > 0) expect(schema.$ref ?? schema.anyOf, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
    const types = astToString(await openapiTS(doc as never));
    expect(types).toContain('Problem: {');
    writeFileSync(join(dir, 'api.d.ts'), types);
    writeFileSync(
      join(dir, 'client.ts'),
      [
        "import type { components, paths } from './api.d.ts';",
        "type Problem = components['schemas']['Problem'];",
        "type EnqueueBody = paths['/api/v1/enqueue']['post']['requestBody']['content']['application/json'];",
        "type Queues = paths['/api/v1/queues']['get']['responses'][200]['content']['application/json'];",
        "type NotFound = paths['/api/v1/jobs']['get']['responses'][404]['content']['application/problem+json'];",
        "export const body: EnqueueBody = { urls: ['https://example.org/'], crawl: true, maxPages: 5 };",
        "export const problem: Problem = { type: 'urn:ingest:problem:not_found', title: 'Not Found', status: 404, detail: 'x', code: 'not_found' };",
        'export const missing: NotFound = problem;',
        'export function paused(q: Queues): string[] { return q.queues.filter((x) => x.paused).map((x) => x.name); }',
        '// @ts-expect-error: the generated type knows urls is required',
        'export const bad: EnqueueBody = {};',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    execFileSync(
      tsc,
      ['--noEmit', '--strict', '--skipLibCheck', '--allowImportingTsExtensions', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', join(dir, 'client.ts')],
      {
        encoding: 'utf8',
      },
    );
  });

  it('calls every route in the document and gets a documented status; errors are problem details, bodies match their schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
    // The components as one schema document, so refs between them resolve; an operation's refs point into it.
    ajv.addSchema({ $id: 'https://ingest.test/doc', components: { schemas } });
    const resolveRefs = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"https://ingest.test/doc#/components/schemas/')) as Json;
    let called = 0;
    const calledIds: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (path === '/readyz' || path === '/metrics') continue; // not JSON (metrics) or a probe tested with outages elsewhere
        const query = new URLSearchParams();
        let url = path;
        for (const p of op.parameters ?? []) {
          const value = String(sample(p.schema, doc, `${site.baseUrl}/nothing.html`, p.name));
          if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(p.name === 'queue' ? 'fetch' : value));
          else if (p.required) query.set(p.name, value);
        }
        const body = op.requestBody ? sample(op.requestBody.content['application/json']!.schema, doc, `${site.baseUrl}/a.html`) : undefined;
        const res = await proc.api!.inject({
          method: method.toUpperCase() as 'GET',
          url: `${url}${query.size ? `?${query}` : ''}`,
          headers: { authorization: `Bearer ${config.apiKey}` },
          ...(body !== undefined ? { payload: body as Json } : {}),
        });
        const name = `${method.toUpperCase()} ${url} (${op.operationId})`;
        called++;
        calledIds.push(op.operationId);
        expect(Object.keys(op.responses), `${name} answered ${res.statusCode}: ${res.body.slice(0, 300)}`).toContain(String(res.statusCode));
        const documented = op.responses[String(res.statusCode)]!.content ?? {};
        if (res.statusCode >= 400) {
          expect(res.headers['content-type'], name).toMatch(/^application\/problem\+json/);
          expect(res.json(), name).toMatchObject({ status: res.statusCode, code: expect.any(String), detail: expect.any(String), title: expect.any(String) });
        }
        const schema = documented['application/json']?.schema ?? documented['application/problem+json']?.schema;
        if (schema && res.statusCode !== 204) {
          const validate = ajv.compile(resolveRefs(schema));
          expect(validate(res.json()), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
      }
    }
    expect(called).toBeGreaterThanOrEqual(25);
    expect(calledIds).toContain('listSourceRunDocuments');
  });

  it("answers Fastify's own refusals as problem details too: unknown route, bad JSON, wrong media type", async () => {
    const auth = { authorization: `Bearer ${config.apiKey}` };
    const unknown = await proc.api!.inject({ method: 'GET', url: '/api/v1/nope?x=1', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'not_found', type: 'urn:ingest:problem:not_found', instance: '/api/v1/nope' });
    expect(unknown.json().detail).toContain('/api/openapi.json');

    const badJson = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"urls": [' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ status: 400, code: 'invalid_request' });

    const media = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'https://example.org/' });
    expect(media.statusCode).toBe(415);
    expect(media.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(media.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });

    const invalid = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: auth, payload: { urls: ['ftp://a.example/', `${site.baseUrl}/ok.html`, 'not a url'] } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('INVALID_URL');
    expect(invalid.json().invalid.map((i: { url: string }) => i.url)).toEqual(['ftp://a.example/', 'not a url']);

    const noKey = await proc.api!.inject({ method: 'GET', url: '/api/v1/stats' });
    expect(noKey.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noKey.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
