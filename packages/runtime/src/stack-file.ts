import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '@ingest/config';
// The process helpers only: the package index would load the queue package (for redis-server) into `ingest status`.
import { pidAlive } from '@ingest/embedded/process';
import { readSecret } from './secrets.ts';

/** Written by `ingest start` so other CLI commands in the same directory find the stack (no secrets inside). */
export interface StackFile {
  pid: number;
  /** The data directory's stack id (absent in files written before stack ids). */
  stackId?: string;
  startedAt: string;
  apiUrl: string;
  redisUrl: string;
  meiliUrl: string;
  s3Endpoint: string;
  queuePrefix: string;
  meiliIndex: string;
  s3Bucket: string;
}

export const secretFiles = (dataDir: string) => ({
  meiliMasterKey: join(resolve(dataDir), 'secrets', 'meili-master-key'),
  apiKey: join(resolve(dataDir), 'secrets', 'api-key'),
});

/**
 * The default queue prefix of a local stack: the one place it is computed. The id keeps two stacks
 * apart in one Redis; the braces make it a hash tag, from which each queue derives its own
 * (`{ingest-<id>:fetch}`, see @ingest/queue keys.ts), so a Redis Cluster can spread the queues.
 */
export function stackQueuePrefix(stackId: string): string {
  return `{ingest-${stackId}}`;
}

const stackIdPath = (dataDir: string) => join(resolve(dataDir), 'stack-id');

export function readStackId(dataDir: string): string | undefined {
  try {
    const id = readFileSync(stackIdPath(dataDir), 'utf8').trim();
    return /^[a-z0-9]{4,32}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The data directory's stack id, generated on first use; `created` lets the caller explain a change. */
export function ensureStackId(dataDir: string): { id: string; created: boolean } {
  const existing = readStackId(dataDir);
  if (existing) return { id: existing, created: false };
  const id = randomBytes(4).toString('hex');
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(stackIdPath(dataDir), `${id}\n`);
  return { id, created: true };
}

/** QUEUE_PREFIX when set, else the prefix of the stack this data directory holds (if it has one). */
export function localQueuePrefix(config: Config, env: Record<string, string | undefined>): string {
  if (env.QUEUE_PREFIX) return config.queuePrefix;
  const id = readStackId(config.dataDir);
  return id ? stackQueuePrefix(id) : config.queuePrefix;
}

/** True when the data directory already held a stack made before stack ids (its keys exist). */
export function hasLegacyData(dataDir: string): boolean {
  return existsSync(secretFiles(dataDir).apiKey);
}

export function stackFilePath(dataDir: string): string {
  return join(resolve(dataDir), 'stack.json');
}

export function writeStackFile(dataDir: string, stack: StackFile): void {
  mkdirSync(resolve(dataDir), { recursive: true });
  const file = stackFilePath(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(stack, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function removeStackFile(dataDir: string): void {
  rmSync(stackFilePath(dataDir), { force: true });
}

export function readStackFile(dataDir: string): StackFile | null {
  try {
    return JSON.parse(readFileSync(stackFilePath(dataDir), 'utf8')) as StackFile;
  } catch {
    return null;
  }
}

/** The stack file of another live `ingest start` in this data directory, if one runs. */
export function liveStackFile(dataDir: string): StackFile | null {
  const stack = readStackFile(dataDir);
  return stack && stack.pid !== process.pid && pidAlive(stack.pid) ? stack : null;
}

/**
 * Config for CLI commands: explicit env settings win; otherwise the running stack's addresses and
 * the secrets it keeps in the data directory.
 */
export function withStack(config: Config, env: Record<string, string | undefined>): { config: Config; stack: StackFile | null } {
  const stack = readStackFile(config.dataDir);
  // A stopped stack leaves no stack file, but its queues still live under its own prefix.
  if (!stack) return { config: { ...config, queuePrefix: localQueuePrefix(config, env) }, stack };
  const secrets = secretFiles(config.dataDir);
  return {
    stack,
    config: {
      ...config,
      redisUrl: env.REDIS_URL ? config.redisUrl : stack.redisUrl,
      meiliUrl: config.meiliUrl ?? stack.meiliUrl,
      meiliMasterKey: config.meiliMasterKey ?? readSecret(secrets.meiliMasterKey),
      s3Endpoint: config.s3Endpoint ?? stack.s3Endpoint,
      queuePrefix: env.QUEUE_PREFIX ? config.queuePrefix : stack.queuePrefix,
      meiliIndex: env.MEILI_INDEX ? config.meiliIndex : stack.meiliIndex,
      s3Bucket: env.S3_BUCKET ? config.s3Bucket : stack.s3Bucket,
      apiKey: config.apiKey ?? readSecret(secrets.apiKey),
    },
  };
}
