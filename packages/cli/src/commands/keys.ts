import { parseArgs } from 'node:util';
import { ApiKeyNotFoundError, ApiKeyStore, SCOPES, type ApiKeyRecord, type Scope } from '@ingest/ops';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';

export const KEYS_HELP = `ingest keys create NAME --scope read|write|admin [--json]
ingest keys list [--json]
ingest keys revoke ID

API keys for the operator API, stored hashed in Redis (the key is printed once, at creation).
Scopes imply the lower ones: admin (queues, keys, dashboard) ⊃ write (enqueue, retry, sources) ⊃ read.
The bootstrap key (API_KEY, or .data/secrets/api-key) is always admin.
Exits 1 when the key to revoke does not exist, 2 on a bad scope or missing name.
Examples:
  ingest keys create ci-enqueuer --scope write
  ingest keys create grafana --scope read --json | jq -r .key
  ingest keys list
  ingest keys revoke 3f9a1c02b7de`;

function parseScope(value: string | undefined): Scope {
  if (!value) throw new CliError(`--scope is required (${SCOPES.join(', ')}).\n\n${KEYS_HELP}`, EXIT.usage);
  if (!(SCOPES as readonly string[]).includes(value)) throw new CliError(`--scope must be one of ${SCOPES.join(', ')}, got "${value}"`, EXIT.usage);
  return value as Scope;
}

function formatKeys(keys: ApiKeyRecord[]): string {
  if (keys.length === 0) return 'No API keys yet (the bootstrap API_KEY always works). Create one with: ingest keys create NAME --scope read';
  const lines = [`${'id'.padEnd(14)}${'scope'.padEnd(8)}${'created'.padEnd(26)}name`];
  for (const k of keys) lines.push(`${k.id.padEnd(14)}${k.scopes.join(',').padEnd(8)}${k.createdAt.padEnd(26)}${k.name}`);
  return lines.join('\n');
}

export async function keysCommand(args: string[], io: CliIO): Promise<number> {
  const { action, rest } = pickAction(args, ['create', 'list', 'revoke'] as const, KEYS_HELP);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { scope: { type: 'string' }, json: { type: 'boolean' } } });
  const name = positionals.join(' ').trim();
  const scope = action === 'create' ? parseScope(values.scope) : null;
  if (action !== 'list' && !name) throw new CliError(`ingest keys ${action} needs ${action === 'create' ? 'a NAME' : 'the key ID (see ingest keys list)'}.\n\n${KEYS_HELP}`, EXIT.usage);

  const { conns } = await openStack(io);
  try {
    const store = new ApiKeyStore(conns.redis, conns.queues.prefix);
    if (action === 'create') {
      const created = await store.create(name, [scope!]);
      if (values.json) println(io.stdout, JSON.stringify(created));
      else {
        println(io.stdout, created.key);
        println(io.stderr, `Created key ${created.id} "${created.name}" with scope ${scope}. It is shown only now; store it in a secret manager.`);
      }
    } else if (action === 'list') {
      const keys = await store.list();
      println(io.stdout, values.json ? JSON.stringify(keys, null, 2) : formatKeys(keys));
    } else {
      try {
        await store.revoke(name);
      } catch (err) {
        if (err instanceof ApiKeyNotFoundError) throw new CliError(err.message, EXIT.failure);
        throw err;
      }
      println(io.stdout, values.json ? JSON.stringify({ revoked: name }) : `Revoked key ${name}; it stops working at once.`);
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
