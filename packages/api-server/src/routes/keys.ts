import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../route.ts';
import { apiKeyRecord, scope } from '../schemas.ts';
import type { RouteDeps } from './deps.ts';

export function keyRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'createApiKey',
      method: 'POST',
      path: '/api/v1/keys',
      scope: 'admin',
      tag: 'keys',
      summary: 'Create an API key (the key is in the response only; it is stored hashed)',
      description: 'Scopes imply the lower ones: admin ⊃ write ⊃ read.',
      body: z.object({ name: z.string().min(1).max(100), scopes: z.array(scope).min(1) }),
      responses: { 201: { description: 'The new key', schema: apiKeyRecord.extend({ key: z.string() }) } },
      handler: async ({ body, reply }) => reply.code(201).send(await deps.keys.create(body.name, body.scopes)),
    }),
    defineRoute({
      operationId: 'listApiKeys',
      method: 'GET',
      path: '/api/v1/keys',
      scope: 'admin',
      tag: 'keys',
      summary: 'API keys (ids, names, scopes; never the keys)',
      responses: { 200: { description: 'Keys', schema: z.object({ keys: z.array(apiKeyRecord) }) } },
      handler: async () => ({ keys: await deps.keys.list() }),
    }),
    defineRoute({
      operationId: 'revokeApiKey',
      method: 'DELETE',
      path: '/api/v1/keys/{id}',
      scope: 'admin',
      tag: 'keys',
      summary: 'Revoke an API key; it stops working at once',
      params: z.object({ id: z.string().min(1) }),
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such key' } },
      handler: async ({ params, reply }) => {
        await deps.keys.revoke(params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
