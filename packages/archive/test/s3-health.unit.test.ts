import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { S3ArchiveStore } from '../src/index.ts';

describe('S3 health probe', () => {
  it('reads a store that accepts connections and never answers as down, in bounded time', async () => {
    // What a stage paused for an S3 outage probes: a hung request must not keep it paused for good.
    const sockets: Socket[] = [];
    const server = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const store = new S3ArchiveStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'hung', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true });
    try {
      const started = performance.now();
      expect(await store.healthy()).toBe(false);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      store.close();
      for (const s of sockets) s.destroy();
      server.close();
    }
  }, 30_000);
});
