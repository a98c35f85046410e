import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { Dedupe } from '@ingest/dedupe';
import { processHtml } from '@ingest/pipeline';
import { cleanupTest, testConfig } from '@ingest/testing';
import type { Config } from '@ingest/config';

// Real pages of one host whose <title> ends in a slogan no site-name source names: the host's
// template learning counts title affixes beside blocks, so once the host's pages agree on it the
// slogan leaves the titles. No visible headline: one that a title confirms is chosen at once, and
// then nothing is left to learn.
function page(i: number): string {
  const words = Array.from({ length: 60 }, (_, k) => `word${i}x${k}`).join(' ');
  return `<html><head><title>Story number ${i} about the river crossing – Notes from the valley</title></head>
    <body><article><p>${words}.</p><p>${words} again, for a second paragraph.</p></article></body></html>`;
}

function job(i: number): ExtractJob {
  const url = `http://affix.test/story-${i}`;
  return { url, finalUrl: url, archiveKey: `a/${i}`, contentDigest: `${i}`.padStart(64, 'b'), fetchedAt: '2030-01-01T00:00:00.000Z', contentType: 'text/html' };
}

describe('per-host title affixes', () => {
  let config: Config;
  let redis: Redis;
  let dedupe: Dedupe;

  beforeAll(() => {
    config = testConfig();
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    dedupe = new Dedupe({ redis, prefix: config.queuePrefix });
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanupTest(config);
  });

  it('strips a title suffix once most of the host pages share it', async () => {
    const titles: (string | null)[] = [];
    for (let i = 0; i < 8; i++) {
      const j = job(i);
      const outcome = await dedupe.extractWithTemplate(j, (template) => Promise.resolve(processHtml({ ...j, body: Buffer.from(page(i)), templateFingerprints: [...template] })));
      titles.push(outcome.result.record.metadata.title);
    }
    expect(titles[0]).toBe('Story number 0 about the river crossing – Notes from the valley');
    expect(titles.at(-1)).toBe('Story number 7 about the river crossing');
  });
});
