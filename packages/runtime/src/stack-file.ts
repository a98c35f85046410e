import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '@ingest/config';
import { readSecret } from './secrets.ts';

/** Written by `ingest start` so other CLI commands in the same directory find the stack (no secrets inside). */
export interface StackFile {
  pid: number;
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

/**
 * Config for CLI commands: explicit env settings win; otherwise the running stack's addresses and
 * the secrets it keeps in the data directory.
 */
export function withStack(config: Config, env: Record<string, string | undefined>): { config: Config; stack: StackFile | null } {
  const stack = readStackFile(config.dataDir);
  if (!stack) return { config, stack };
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
