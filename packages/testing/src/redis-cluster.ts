import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnService, stopChild, waitUntil } from '@ingest/embedded';
import { pingRedis } from '@ingest/queue';
import { Redis } from 'ioredis';

const run = promisify(execFile);

export interface RedisClusterNodes {
  /** Seed list for REDIS_URL with REDIS_CLUSTER=true. */
  url: string;
  ports: number[];
  /** Keys each master holds (DBSIZE), by port. */
  keysPerNode(): Promise<Record<number, number>>;
  stop(): Promise<void>;
}

async function clusterOk(port: number): Promise<boolean> {
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return /cluster_state:ok/.test(await redis.cluster('INFO'));
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * A real Redis Cluster of `size` masters from redis-server binaries, on free ports (the cluster bus
 * port is picked too, since port + 10000 may be taken or out of range), slots assigned with
 * `redis-cli --cluster create`.
 */
export async function startRedisCluster(dir: string, size = 3): Promise<RedisClusterNodes> {
  const children: ReturnType<typeof spawnService>['child'][] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.allSettled(children.map((c) => stopChild(c)));
  };
  try {
    for (let i = 0; i < size; i++) {
      const port = await freePort();
      let bus = await freePort();
      while (bus === port) bus = await freePort();
      const nodeDir = join(dir, `node-${port}`);
      mkdirSync(nodeDir, { recursive: true });
      const args = ['--port', String(port), '--cluster-port', String(bus), '--bind', '127.0.0.1', '--dir', nodeDir, '--save', '', '--appendonly', 'no'];
      args.push('--maxmemory-policy', 'noeviction', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000');
      const { child, output } = spawnService('redis-server', args, `redis-server ${port}`);
      children.push(child);
      ports.push(port);
      await waitUntil(() => pingRedis(`redis://127.0.0.1:${port}`, 500), 15_000, `redis-server ${port}`, output, child);
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    await waitUntil(async () => (await Promise.all(ports.map(clusterOk))).every(Boolean), 60_000, 'redis cluster state ok');
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    ports,
    async keysPerNode() {
      const out: Record<number, number> = {};
      for (const port of ports) {
        const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
        try {
          out[port] = await redis.dbsize();
        } finally {
          redis.disconnect();
        }
      }
      return out;
    },
    stop,
  };
}
