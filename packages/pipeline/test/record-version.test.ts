import { describe, expect, it } from 'vitest';
import { documentKey, MemoryArchiveStore } from '@ingest/archive';
import type { IngestDocument } from '@ingest/contracts';
import { MemorySearchIndex } from '@ingest/search-index';
import { useTestRedis } from '@ingest/testing';
import { testDoc } from '../../search-index/test/docs.ts';
import type { PipelineDeps } from '../src/deps.ts';
import { recordVersion } from '../src/index/versions.ts';

const version = (n: number, body: string): IngestDocument =>
  testDoc('doc1', { body, version: n, contentDigest: String(n).repeat(64), archiveKey: `warc/v${n}`, fetchedAt: `2026-12-0${n}T10:00:00.000Z` });

describe('recording a version whose job died before its objects were written', () => {
  const { config, redis } = useTestRedis();

  it('writes them on the retry, so both versions of the diff exist', async () => {
    const archive = new MemoryArchiveStore();
    const searchIndex = new MemorySearchIndex();
    const deps = { redis, queues: { prefix: config.queuePrefix }, archive, searchIndex } as unknown as PipelineDeps;
    const v1 = version(1, 'The council agreed a budget of four million for the roads.');
    const v2 = version(2, 'The council agreed a budget of five million for the roads and bridges.');
    expect((await recordVersion(deps, v1, false)).created).toBe(true);
    await searchIndex.upsert([v1]);

    // The index job of version 2 records it in Redis, then its process dies before any PUT.
    const putJson = archive.putJson.bind(archive);
    archive.putJson = () => Promise.reject(new Error('killed'));
    await expect(recordVersion(deps, v2, true)).rejects.toThrow('killed');
    archive.putJson = putJson;
    expect(await archive.exists(documentKey(v2.id, v2.contentDigest))).toBe(false);

    // The retry finds the version recorded, and still writes what the diff reads.
    const retry = await recordVersion(deps, v2, true);
    expect(retry).toMatchObject({ created: false, n: 2 });
    expect(await archive.getJson(documentKey(v1.id, v1.contentDigest))).toMatchObject({ body: v1.body });
    expect(await archive.getJson(documentKey(v2.id, v2.contentDigest))).toMatchObject({ body: v2.body });
  });
});
