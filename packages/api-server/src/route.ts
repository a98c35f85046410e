import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '@ingest/ops';
import type { Authenticator, Principal } from './auth.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/**
 * One operator route: its scope, its request schemas and its documented responses. The same spec
 * registers the Fastify route (validation with zod) and produces the OpenAPI operation, so the
 * document cannot drift from what the server does.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/jobs/{queue}/{id}/retry`. */
  path: string;
  scope: Scope;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; principal: Principal; reply: FastifyReply }) => Promise<unknown>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<P extends z.ZodType = z.ZodType<undefined>, Q extends z.ZodType = z.ZodType<undefined>, B extends z.ZodType = z.ZodType<undefined>>(spec: RouteSpec<P, Q, B>): AnyRoute {
  return spec;
}

/** A 400 whose issues name where the problem is (`body.urls: Too small`), for people and scripts. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  readonly statusCode = 400;
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid request: ${issues.join('; ')}. See /api/openapi.json for the expected shape.`);
    this.issues = issues;
  }
}

function parsePart<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new RequestValidationError(result.error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`));
}

export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], auth: Authenticator): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: fastifyPath(r.path),
      onRequest: auth.require(r.scope),
      handler: async (req, reply) => {
        const input = {
          params: parsePart(r.params, req.params, 'path'),
          query: parsePart(r.query, req.query, 'query'),
          body: parsePart(r.body, req.body, 'body'),
          principal: req.principal!,
          reply,
        };
        const result = await r.handler(input);
        return result === reply ? reply : reply.send(result);
      },
    });
  }
}
