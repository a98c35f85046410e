export { testServices, testConfig, cleanupTest, configToEnv, useTestRedis } from './context.ts';
export type { TestServices } from './services.ts';
export { startFixtureServer, html, articlePage, type FixtureServer, type FixtureHandler } from './fixture-server.ts';
export { drained, until } from './drain.ts';
export { startCountingProxy, type CountingProxy } from './counting-proxy.ts';
export { failure } from './failure.ts';
export { startRedisCluster, type RedisClusterNodes } from './redis-cluster.ts';
