import { parseArgs } from 'node:util';
import { WEBHOOK_EVENTS } from '@ingest/contracts';
import type { DeliveryRecord, WebhookSubscription } from '@ingest/webhooks';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';
import { WEBHOOKS_HELP } from '../help.ts';

function formatWebhooks(subs: WebhookSubscription[]): string {
  if (subs.length === 0) return 'No webhooks yet. Register one with: ingest webhooks add URL';
  const lines = [`${'id'.padEnd(21)}${'source'.padEnd(14)}${'events'.padEnd(18)}url`];
  for (const s of subs) {
    const events = s.events.length === WEBHOOK_EVENTS.length ? 'all' : s.events.join(',');
    lines.push(`${s.id.padEnd(21)}${(s.sourceId ?? '(any)').padEnd(14)}${events.padEnd(18)}${s.url}`);
  }
  return lines.join('\n');
}

function formatDeliveries(records: DeliveryRecord[]): string {
  if (records.length === 0) return 'No deliveries yet.';
  const lines = [`${'at'.padEnd(26)}${'webhook'.padEnd(21)}${'event'.padEnd(18)}${'try'.padEnd(5)}${'outcome'.padEnd(11)}${'status'.padEnd(8)}detail`];
  for (const r of records) {
    lines.push(
      `${r.at.padEnd(26)}${r.subscriptionId.padEnd(21)}${r.eventType.padEnd(18)}${String(r.attempt).padEnd(5)}${r.outcome.padEnd(11)}${String(r.status ?? '-').padEnd(8)}${r.code ? `${r.code}: ${r.error ?? ''}` : `${r.durationMs} ms`}`,
    );
  }
  return lines.join('\n');
}

export async function webhooksCommand(args: string[], io: CliIO): Promise<number> {
  const { action, rest } = pickAction(args, ['add', 'list', 'remove', 'deliveries'] as const, WEBHOOKS_HELP);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      event: { type: 'string', multiple: true },
      source: { type: 'string' },
      description: { type: 'string' },
      webhook: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const target = positionals[0];
  if ((action === 'add' || action === 'remove') && !target) {
    throw new CliError(`ingest webhooks ${action} needs ${action === 'add' ? 'the receiver URL' : 'the webhook ID (see ingest webhooks list)'}.\n\n${WEBHOOKS_HELP}`, EXIT.usage);
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`, EXIT.usage);

  const hooks = await webhooksBackend(io);
  try {
    if (action === 'add') {
      const created = await hooks.add({ url: target!, events: values.event, sourceId: values.source ?? null, description: values.description ?? null });
      if (values.json) println(io.stdout, JSON.stringify(created));
      else {
        println(io.stdout, created.secret);
        println(io.stderr, `Registered webhook ${created.id} for ${created.url}. The signing secret above is shown only now; give it to the receiver.`);
      }
    } else if (action === 'list') {
      const subs = await hooks.list();
      println(io.stdout, values.json ? JSON.stringify(subs, null, 2) : formatWebhooks(subs));
    } else if (action === 'remove') {
      await hooks.remove(target!);
      println(io.stdout, values.json ? JSON.stringify({ removed: target }) : `Removed webhook ${target}; its queued deliveries are dropped.`);
    } else {
      const records = await hooks.deliveries(values.webhook, limit);
      println(io.stdout, values.json ? JSON.stringify(records, null, 2) : formatDeliveries(records));
    }
    return EXIT.ok;
  } finally {
    await hooks.close();
  }
}

interface NewWebhook {
  url: string;
  events: string[] | undefined;
  sourceId: string | null;
  description: string | null;
}

interface WebhooksBackend {
  add(input: NewWebhook): Promise<WebhookSubscription & { secret: string }>;
  list(): Promise<WebhookSubscription[]>;
  remove(id: string): Promise<void>;
  deliveries(webhook: string | undefined, limit: number): Promise<DeliveryRecord[]>;
  close(): Promise<void>;
}

/** The API's routes in remote mode (admin scope), the registry in Redis otherwise; errors read the same. */
async function webhooksBackend(io: CliIO): Promise<WebhooksBackend> {
  const api = remoteApi(io);
  if (api) {
    return {
      add: (input) => api.json('POST', '/api/v1/webhooks', { body: input }),
      list: async () => (await api.json<{ webhooks: WebhookSubscription[] }>('GET', '/api/v1/webhooks')).webhooks,
      remove: (id) => api.json('DELETE', `/api/v1/webhooks/${encodeURIComponent(id)}`),
      deliveries: async (webhook, limit) => (await api.json<{ deliveries: DeliveryRecord[] }>('GET', '/api/v1/webhooks/deliveries', { query: { webhook, limit } })).deliveries,
      close: async () => {},
    };
  }
  const [{ openStack }, { SourceRegistry }, { WebhookError, WebhookRegistry }] = await Promise.all([import('../context.ts'), import('@ingest/sources'), import('@ingest/webhooks')]);
  const { config, conns } = await openStack(io);
  const registry = new WebhookRegistry(conns.redis, conns.queues.prefix);
  const sources = new SourceRegistry(conns.redis, conns.queues);
  const cli = async <T>(p: Promise<T>, exit: number): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof WebhookError) throw new CliError(err.message, exit);
      throw err;
    }
  };
  return {
    add: (input) => cli(registry.add({ ...input, events: input.events }, { allow: config.webhookAllowNetworks, sourceExists: async (id) => (await sources.get(id)) !== null }), EXIT.usage),
    list: () => registry.list(),
    remove: (id) => cli(registry.remove(id), EXIT.failure),
    deliveries: (webhook, limit) => registry.deliveries({ subscriptionId: webhook, limit }),
    close: () => conns.close(),
  };
}
