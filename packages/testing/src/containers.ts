import type { StartedTestContainer } from 'testcontainers';

export const IMAGES = {
  redis: 'redis:7.4-alpine',
  meili: 'getmeili/meilisearch:v1.21.0',
  minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
} as const;

export interface ContainerService {
  url: string;
  container: StartedTestContainer;
}

export async function redisContainer(): Promise<ContainerService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.redis)
    .withCommand(['redis-server', '--maxmemory-policy', 'noeviction', '--save', '', '--appendonly', 'no'])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  return { url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`, container };
}

export async function meiliContainer(masterKey: string): Promise<ContainerService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.meili)
    .withEnvironment({ MEILI_MASTER_KEY: masterKey, MEILI_NO_ANALYTICS: 'true', MEILI_ENV: 'production' })
    .withExposedPorts(7700)
    .withWaitStrategy(Wait.forHttp('/health', 7700))
    .start();
  return { url: `http://${container.getHost()}:${container.getMappedPort(7700)}`, container };
}

export async function minioContainer(accessKey: string, secretKey: string): Promise<ContainerService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.minio)
    .withEnvironment({ MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey })
    .withCommand(['server', '/data'])
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
    .start();
  return { url: `http://${container.getHost()}:${container.getMappedPort(9000)}`, container };
}
