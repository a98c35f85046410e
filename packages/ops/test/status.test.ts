import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { connect } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';
import { pipelineStatus } from '../src/status.ts';

describe('pipeline status', () => {
  const config = testConfig();
  afterAll(() => cleanupTest(config));

  it('is idle with a recurring schedule waiting, and busy with real delayed work', async () => {
    const conns = await connect(config, createLogger({ level: 'silent' }), 'producer');
    try {
      const queue = conns.queues.queues.fetch;
      await queue.upsertJobScheduler('yearly', { pattern: '0 0 1 1 *' }, { name: 'fetch', data: { url: 'https://example.org/', enqueuedAt: new Date().toISOString() } });
      const scheduled = await pipelineStatus(conns.queues, conns.stats);
      expect(scheduled.queues.fetch?.delayed).toBeGreaterThanOrEqual(1);
      expect(scheduled.idle).toBe(true);
      await queue.add('fetch', { url: 'https://example.org/later', enqueuedAt: new Date().toISOString() }, { delay: 60_000 });
      expect((await pipelineStatus(conns.queues, conns.stats)).idle).toBe(false);
    } finally {
      await conns.close();
    }
  });
});
