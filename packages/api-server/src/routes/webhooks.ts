import { z } from 'zod';
import { WEBHOOK_EVENTS, WEBHOOK_ID_PATTERN } from '@ingest/contracts';
import { OperatorError } from '@ingest/ops';
import { SourceRegistry } from '@ingest/sources';
import { WebhookError, WebhookRegistry } from '@ingest/webhooks';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const eventName = z.enum(WEBHOOK_EVENTS);

const webhookView = z.object({
  id: z.string().regex(WEBHOOK_ID_PATTERN),
  url: z.string(),
  events: z.array(eventName),
  sourceId: z.string().nullable().describe('Only events of this source; null: every event'),
  description: z.string().nullable(),
  createdAt: z.string(),
});

const deliveryView = z.object({
  deliveryId: z.string().describe('Same for every attempt of one event to one webhook'),
  subscriptionId: z.string(),
  eventId: z.string().describe('Receivers deduplicate on it (also in the Ingest-Event-Id header)'),
  eventType: eventName,
  url: z.string(),
  attempt: z.number().int(),
  outcome: z.enum(['delivered', 'retrying', 'failed']),
  status: z.number().int().nullable().describe('HTTP status the receiver answered; null when none'),
  code: z.string().nullable().describe('WEBHOOK_DELIVERY_FAILED, WEBHOOK_REJECTED, BLOCKED_NETWORK, TIMEOUT, ...'),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: z.string(),
});

/** The registry's own errors, as the API's operator errors (whatever shape the error handler gives them). */
async function operatorErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof WebhookError) throw new OperatorError(err.code === 'WEBHOOK_NOT_FOUND' ? 404 : 400, err.code, err.message);
    throw err;
  }
}

export function webhookRoutes(deps: RouteDeps): AnyRoute[] {
  const registry = new WebhookRegistry(deps.redis, deps.queues.prefix);
  const sources = new SourceRegistry(deps.redis, deps.queues);
  return [
    defineRoute({
      operationId: 'createWebhook',
      method: 'POST',
      path: '/api/v1/webhooks',
      scope: 'admin',
      tag: 'webhooks',
      summary: 'Register a webhook (the signing secret is in the response only)',
      description:
        'Events are POSTed as JSON with an Ingest-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>. Private and loopback addresses are refused unless WEBHOOK_ALLOW_NETWORKS allows them.',
      body: z.object({
        url: z.string().min(1).max(2048),
        events: z.array(eventName).optional().describe('Default: every event'),
        sourceId: z.string().nullable().optional().describe('Only events of this source; omit for every event'),
        description: z.string().max(200).nullable().optional(),
      }),
      responses: {
        201: { description: 'The webhook and its secret', schema: webhookView.extend({ secret: z.string() }) },
        400: { description: 'Invalid URL (scheme, blocked network), unknown event or source (INVALID_WEBHOOK)' },
      },
      handler: async ({ body, reply }) => {
        const created = await operatorErrors(() => registry.add(body, { allow: deps.webhookAllowNetworks ?? '', sourceExists: async (id) => (await sources.get(id)) !== null }));
        return reply.code(201).send(created);
      },
    }),
    defineRoute({
      operationId: 'listWebhooks',
      method: 'GET',
      path: '/api/v1/webhooks',
      scope: 'admin',
      tag: 'webhooks',
      summary: 'Registered webhooks (never their secrets)',
      responses: { 200: { description: 'Webhooks', schema: z.object({ webhooks: z.array(webhookView) }) } },
      handler: async () => ({ webhooks: await registry.list() }),
    }),
    defineRoute({
      operationId: 'deleteWebhook',
      method: 'DELETE',
      path: '/api/v1/webhooks/{id}',
      scope: 'admin',
      tag: 'webhooks',
      summary: 'Remove a webhook; its queued deliveries are dropped',
      params: z.object({ id: z.string().min(1) }),
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such webhook (WEBHOOK_NOT_FOUND)' } },
      handler: async ({ params, reply }) => {
        await operatorErrors(() => registry.remove(params.id));
        return reply.code(204).send();
      },
    }),
    defineRoute({
      operationId: 'listWebhookDeliveries',
      method: 'GET',
      path: '/api/v1/webhooks/deliveries',
      scope: 'admin',
      tag: 'webhooks',
      summary: 'Delivery attempts, newest first (the last 1000 are kept)',
      query: z.object({
        webhook: z.string().regex(WEBHOOK_ID_PATTERN).optional().describe('Only this webhook'),
        limit: z.coerce.number().int().min(1).max(1000).default(50),
      }),
      responses: { 200: { description: 'Delivery attempts', schema: z.object({ deliveries: z.array(deliveryView) }) } },
      handler: async ({ query }) => ({ deliveries: await registry.deliveries({ subscriptionId: query.webhook, limit: query.limit }) }),
    }),
  ];
}
