import { parseArgs } from 'node:util';
import type { ApiKeyRecord, CreatedApiKey, Scope } from '@ingest/ops';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';
import { KEYS_HELP } from '../help.ts';

// The same list as @ingest/ops SCOPES, which would load BullMQ and the pipeline just to check a flag.
const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

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

  const store = await keysBackend(io);
  try {
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
      await store.revoke(name);
      println(io.stdout, values.json ? JSON.stringify({ revoked: name }) : `Revoked key ${name}; it stops working at once.`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

interface KeysBackend {
  create(name: string, scopes: Scope[]): Promise<CreatedApiKey>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string): Promise<void>;
  close(): Promise<void>;
}

async function keysBackend(io: CliIO): Promise<KeysBackend> {
  const api = remoteApi(io);
  if (api) {
    return {
      create: (name, scopes) => api.json('POST', '/api/v1/keys', { body: { name, scopes } }),
      list: async () => (await api.json<{ keys: ApiKeyRecord[] }>('GET', '/api/v1/keys')).keys,
      revoke: (id) => api.json('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`),
      close: async () => {},
    };
  }
  const [{ openStack }, ops] = await Promise.all([import('../context.ts'), import('@ingest/ops')]);
  const { conns } = await openStack(io);
  const store = new ops.ApiKeyStore(conns.redis, conns.queues.prefix);
  return {
    create: (name, scopes) => store.create(name, scopes),
    list: () => store.list(),
    revoke: (id) =>
      store.revoke(id).catch((err: unknown) => {
        throw err instanceof ops.ApiKeyNotFoundError ? new CliError(err.message, EXIT.failure) : err;
      }),
    close: () => conns.close(),
  };
}
