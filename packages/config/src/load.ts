import { SETTINGS, type Config } from './schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Builds the config from an env-like map. Only `main.ts` files pass `process.env` here. */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(SETTINGS)) {
    if (key in overrides && overrides[key as keyof Config] !== undefined) {
      out[key] = overrides[key as keyof Config];
      continue;
    }
    const parsed = setting.schema.safeParse(env[setting.env]);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${setting.env}=${JSON.stringify(env[setting.env])}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  // The stack's shared state is combined in scripts and transactions: on a cluster it must be in one slot.
  if (out['redisCluster'] === true && typeof out['queuePrefix'] === 'string' && !/^\{[^{}]+\}$/.test(out['queuePrefix'])) {
    problems.push(`QUEUE_PREFIX=${JSON.stringify(out['queuePrefix'])}: with REDIS_CLUSTER it must be a hash tag such as {ingest} (braces around the whole prefix)`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid settings:\n  ${problems.join('\n  ')}`);
  return out as Config;
}

export function parseNetworks(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
