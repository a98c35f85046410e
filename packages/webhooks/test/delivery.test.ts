import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { cleanupTest, testConfig } from '@ingest/testing';
import { startWebhooks } from '@ingest/webhooks';

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('webhook delivery', () => {
  const config = testConfig();
  afterAll(() => cleanupTest(config));

  it('applies the network guard at connect time: a host name resolving to loopback is refused, not retried', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    // No WEBHOOK_ALLOW_NETWORKS: loopback is private.
    const webhooks = startWebhooks({ redis, prefix: config.queuePrefix, attempts: 3, backoffMs: 100, timeoutMs: 5_000, allowNetworks: '', log: createLogger({ level: 'silent' }), deliver: true });
    try {
      // A name passes registration (only IP literals can be judged then) ...
      const sub = await webhooks.registry.add({ url: `http://localhost:${port}/hook` }, { allow: '' });
      await expect(webhooks.registry.add({ url: `http://127.0.0.1:${port}/hook` }, { allow: '' })).rejects.toThrow(/loopback address; allow it with WEBHOOK_ALLOW_NETWORKS/);
      const event = await webhooks.emitter.emit({ type: 'document.removed', key: 'removed:x:1', docId: 'x', data: { id: 'x' } });
      expect(event?.id).toMatch(/^evt_[a-f0-9]{32}$/);
      // ... and the connection is refused when the name resolves to 127.0.0.1 or ::1.
      const [record] = await until(async () => {
        const d = await webhooks.registry.deliveries({ subscriptionId: sub.id });
        return d.length > 0 ? d : undefined;
      }, 'the delivery attempt');
      expect(record).toMatchObject({ outcome: 'failed', attempt: 1, status: null, code: 'BLOCKED_NETWORK' });
      expect(record!.error).toContain('WEBHOOK_ALLOW_NETWORKS');
      expect(hits).toBe(0);
      // Emitting the same event again (a retried stage) does not deliver it twice.
      await webhooks.emitter.emit({ type: 'document.removed', key: 'removed:x:1', docId: 'x', data: { id: 'x' } });
      expect(await webhooks.queue.queue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed')).toBe(1);
    } finally {
      await webhooks.close();
      redis.disconnect();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
