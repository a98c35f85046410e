import { afterAll, describe, expect, it, vi } from 'vitest';
import { useTestRedis } from '@ingest/testing';
import { ApiKeyStore } from '../src/api-keys.ts';

describe('API key store', () => {
  const { config, redis } = useTestRedis();
  afterAll(() => vi.useRealTimers());

  it('lists keys in the order they were made, also when made in the same millisecond', async () => {
    const store = new ApiKeyStore(redis, config.queuePrefix);
    // Only Date is frozen: Redis replies still need real timers.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-04T10:00:00.000Z') });
    const names = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    for (const name of names) await store.create(name, ['read']);
    vi.useRealTimers();
    const listed = await store.list();
    expect(listed.map((k) => k.name)).toEqual(names);
    // The ordering field stays inside the store.
    expect(Object.keys(listed[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'scopes']);
  });
});
