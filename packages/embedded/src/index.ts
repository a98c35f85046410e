export { freePort, portFree, pidAlive, commandLine, stopPid, httpOk, waitUntil, stopChild, spawnService, type RunningService } from './process.ts';
export { startRedisServer, type RedisServerOptions } from './redis-server.ts';
export { startMeilisearch, meiliBinary, EMBEDDED_MEILI_FLAGS, type MeiliOptions } from './meilisearch.ts';
export { startS3rver } from './s3rver.ts';
