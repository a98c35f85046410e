import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';

describe('REDIS_CLUSTER', () => {
  it('needs a QUEUE_PREFIX that is a hash tag, since the shared state is combined in scripts', () => {
    expect(() => loadConfig({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'ingest' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'ingest' })).toThrow(/QUEUE_PREFIX="ingest".*hash tag/);
    expect(loadConfig({ REDIS_CLUSTER: 'true' }).queuePrefix).toBe('{ingest}');
    expect(loadConfig({ QUEUE_PREFIX: 'ingest' }).queuePrefix).toBe('ingest');
  });
});
