import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startMeilisearch, startRedisServer, startS3rver } from '@ingest/embedded';
import { dockerEngineAnswers } from './docker.ts';
import { meiliContainer, minioContainer, redisContainer } from './containers.ts';
import type { TestServices } from './services.ts';

/**
 * Starts the shared services once per test run. Order: URLs from the environment, then
 * testcontainers where a Docker engine answers, then local binaries (redis-server, the npm-shipped
 * Meilisearch, s3rver). Each test then uses its own queue prefix, index and bucket.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  const stops: (() => Promise<unknown>)[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  const useDocker = !(env.REDIS_URL && env.MEILI_URL && env.S3_ENDPOINT) && env.INGEST_TEST_NO_DOCKER !== '1' && (await dockerEngineAnswers(env));

  let redisUrl = env.REDIS_URL;
  let redisSource = 'env';
  if (!redisUrl && useDocker) {
    const c = await redisContainer();
    stops.push(() => c.container.stop());
    redisUrl = c.url;
    redisSource = 'testcontainers';
  } else if (!redisUrl) {
    const r = await startRedisServer({ port: await freePort(), dir: join(scratch, 'redis'), appendOnly: false });
    stops.push(r.stop);
    redisUrl = r.url;
    redisSource = 'local';
  }

  let meiliUrl = env.MEILI_URL;
  let meiliMasterKey = env.MEILI_MASTER_KEY ?? '';
  let meiliSource = 'env';
  if (!meiliUrl) {
    meiliMasterKey = randomBytes(24).toString('hex');
    if (useDocker) {
      const c = await meiliContainer(meiliMasterKey);
      stops.push(() => c.container.stop());
      meiliUrl = c.url;
      meiliSource = 'testcontainers';
    } else {
      const m = await startMeilisearch({ port: await freePort(), dbPath: join(scratch, 'meili'), masterKey: meiliMasterKey });
      stops.push(m.stop);
      meiliUrl = m.url;
      meiliSource = 'local';
    }
  }

  let s3Endpoint = env.S3_ENDPOINT;
  let s3AccessKeyId = env.S3_ACCESS_KEY_ID ?? 'S3RVER';
  let s3SecretAccessKey = env.S3_SECRET_ACCESS_KEY ?? 'S3RVER';
  let s3Source = 'env';
  if (!s3Endpoint) {
    if (useDocker) {
      s3AccessKeyId = 'ingest-test';
      s3SecretAccessKey = randomBytes(16).toString('hex');
      const c = await minioContainer(s3AccessKeyId, s3SecretAccessKey);
      stops.push(() => c.container.stop());
      s3Endpoint = c.url;
      s3Source = 'testcontainers';
    } else {
      s3AccessKeyId = 'S3RVER';
      s3SecretAccessKey = 'S3RVER';
      const s = await startS3rver({ port: await freePort(), directory: join(scratch, 's3') });
      stops.push(s.stop);
      s3Endpoint = s.url;
      s3Source = 'local';
    }
  }

  const services: TestServices = {
    redisUrl,
    meiliUrl,
    meiliMasterKey,
    s3Endpoint,
    s3AccessKeyId,
    s3SecretAccessKey,
    sources: { redis: redisSource, meili: meiliSource, s3: s3Source },
  };
  project.provide('services', services);
  console.log(`test services: redis=${redisSource} meilisearch=${meiliSource} s3=${s3Source}`);

  return async () => {
    await Promise.allSettled(stops.reverse().map((s) => s()));
    rmSync(scratch, { recursive: true, force: true });
  };
}
