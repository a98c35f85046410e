import { describe, expect, it } from 'vitest';
import { STAGES, WEBHOOK_QUEUE } from '@ingest/contracts';
import { clusterSeeds } from '../src/redis.ts';
import { jobKey, queueKeyPrefix, stackKeyPatterns, stackNamespace } from '../src/keys.ts';

/** The part Redis Cluster hashes: the first non-empty {...} of the key, else the whole key. */
function hashTag(key: string): string {
  const m = /\{([^}]+)\}/.exec(key);
  return m ? m[1]! : key;
}

/** Redis glob (only `*` and escaped characters used here) as a RegExp. */
function glob(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') re += `\\${pattern[++i]}`;
    else if (c === '*') re += '.*';
    else re += c.replace(/[{}.()+?^$|[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

describe('Redis key layout', () => {
  it('gives every queue its own hash tag and keeps the shared state in the stack tag', () => {
    const queues = [...STAGES, WEBHOOK_QUEUE];
    const tags = queues.map((q) => hashTag(jobKey('{ingest-ab12}', q, 'x')));
    expect(new Set(tags).size).toBe(queues.length);
    expect(tags).not.toContain(hashTag('{ingest-ab12}:url:abc'));
    expect(queueKeyPrefix('{ingest-ab12}', 'fetch')).toBe('{ingest-ab12:fetch}');
  });

  it('keeps two stacks apart, queues included', () => {
    expect(queueKeyPrefix('{ingest-a}', 'fetch')).not.toBe(queueKeyPrefix('{ingest-b}', 'fetch'));
    expect(stackNamespace('plain')).toBe('plain');
  });

  it('matches every key of a stack and none of a stack whose name it starts', () => {
    const patterns = stackKeyPatterns('{t1}').map(glob);
    const matches = (key: string) => patterns.some((p) => p.test(key));
    expect(matches('{t1}:url:abc')).toBe(true);
    expect(matches(jobKey('{t1}', 'index', 'index-1'))).toBe(true);
    expect(matches(jobKey('{t1}', WEBHOOK_QUEUE, 'wh_1-evt_1'))).toBe(true);
    expect(matches('{t12}:url:abc')).toBe(false);
    expect(matches(jobKey('{t12}', 'index', 'index-1'))).toBe(false);
  });

  it('reads a cluster seed list with the credentials of the first node', () => {
    const seeds = clusterSeeds('rediss://u:p%40ss@10.0.0.1:7000, redis://10.0.0.2');
    expect(seeds.nodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 6379 },
    ]);
    expect(seeds.redisOptions).toEqual({ username: 'u', password: 'p@ss', tls: {} });
  });
});
