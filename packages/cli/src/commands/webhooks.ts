import { parseArgs } from 'node:util';
import { WEBHOOK_EVENTS } from '@ingest/contracts';
import { SourceRegistry } from '@ingest/sources';
import { WebhookError, WebhookRegistry, type DeliveryRecord, type WebhookSubscription } from '@ingest/webhooks';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';

export const WEBHOOKS_HELP = `ingest webhooks add URL [--event NAME]... [--source ID] [--description TEXT] [--json]
ingest webhooks list [--json]
ingest webhooks remove ID
ingest webhooks deliveries [--webhook ID] [--limit N] [--json]

Webhooks POST each event as JSON to URL: ${WEBHOOK_EVENTS.join(', ')}
(every event unless --event names some; only one source's with --source). Each request carries
  Ingest-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>
and Ingest-Event, Ingest-Event-Id (deduplicate on it) and Ingest-Delivery. The secret is printed
once, by add. Failed deliveries are retried with back-off (WEBHOOK_ATTEMPTS); deliveries shows each
attempt. Private and loopback URLs are refused unless WEBHOOK_ALLOW_NETWORKS allows them.
Exits 1 when the webhook to remove does not exist, 2 on an invalid URL, event or source.
Examples:
  ingest webhooks add https://hooks.example.org/ingest
  ingest webhooks add https://ci.example.org/hook --event crawl.completed --event crawl.failed --source news
  ingest webhooks deliveries --limit 20
  ingest webhooks remove wh_3f9a1c02b7de4a11`;

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

  const { config, conns } = await openStack(io);
  try {
    const registry = new WebhookRegistry(conns.redis, conns.queues.prefix);
    if (action === 'add') {
      const sources = new SourceRegistry(conns.redis, conns.queues);
      let created;
      try {
        created = await registry.add(
          { url: target!, events: values.event, sourceId: values.source ?? null, description: values.description ?? null },
          { allow: config.webhookAllowNetworks, sourceExists: async (id) => (await sources.get(id)) !== null },
        );
      } catch (err) {
        if (err instanceof WebhookError) throw new CliError(err.message, EXIT.usage);
        throw err;
      }
      if (values.json) println(io.stdout, JSON.stringify(created));
      else {
        println(io.stdout, created.secret);
        println(io.stderr, `Registered webhook ${created.id} for ${created.url}. The signing secret above is shown only now; give it to the receiver.`);
      }
    } else if (action === 'list') {
      const subs = await registry.list();
      println(io.stdout, values.json ? JSON.stringify(subs, null, 2) : formatWebhooks(subs));
    } else if (action === 'remove') {
      try {
        await registry.remove(target!);
      } catch (err) {
        if (err instanceof WebhookError) throw new CliError(err.message, EXIT.failure);
        throw err;
      }
      println(io.stdout, values.json ? JSON.stringify({ removed: target }) : `Removed webhook ${target}; its queued deliveries are dropped.`);
    } else {
      const records = await registry.deliveries({ subscriptionId: values.webhook, limit });
      println(io.stdout, values.json ? JSON.stringify(records, null, 2) : formatDeliveries(records));
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
