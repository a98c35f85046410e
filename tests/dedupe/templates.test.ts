import { describe, expect, it } from 'vitest';
import { SiteTemplates } from '@ingest/dedupe';
import { useTestRedis } from '@ingest/testing';

const TEMPLATE = ['disclaimer', 'newsletter', 'credit', 'footer'];
const page = (i: number) => [...TEMPLATE, `p${i}-a`, `p${i}-b`, `p${i}-c`];

describe('per-host template learning in Redis', () => {
  const { config, redis } = useTestRedis();

  it('learns nothing before minPages, then every block seen on enough pages, once', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix);
    for (let i = 1; i < 5; i++) expect((await t.observe('a.test', `d${i}`, `c${i}`, page(i))).added).toEqual([]);
    const fifth = await t.observe('a.test', 'd5', 'c5', page(5));
    expect(fifth.added.sort()).toEqual([...TEMPLATE].sort());
    expect(fifth.version).toBe(1);
    const snap = await t.snapshot('a.test');
    expect([...snap.fingerprints].sort()).toEqual([...TEMPLATE].sort());
    expect((await t.snapshot('b.test')).fingerprints.size).toBe(0);
  });

  it('counts a page once: re-runs and near-duplicate copies add nothing', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix);
    const host = 'copies.test';
    // One article at five URLs (print, AMP...) shares an identity: its paragraphs must stay article.
    for (let i = 0; i < 5; i++) await t.observe(host, `copy${i}`, 'same-article', ['para-1', 'para-2']);
    for (let i = 0; i < 6; i++) await t.observe(host, `other${i}`, `c${i}`, [`x${i}`]);
    await t.observe(host, 'other0', 'c0', ['x0']);
    expect((await t.snapshot(host)).fingerprints.size).toBe(0);
  });

  it('does not treat a block repeated within one page as template', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix);
    for (let i = 0; i < 8; i++) await t.observe('repeat.test', `r${i}`, `r${i}`, i === 0 ? ['chorus', 'chorus', 'chorus', 'chorus'] : [`v${i}`]);
    expect((await t.snapshot('repeat.test')).fingerprints.size).toBe(0);
  });

  it('keeps its counts bounded and still knows the template after decay', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix, { maxFingerprints: 100, maxSeenPages: 50 });
    const host = 'big.test';
    for (let i = 0; i < 120; i++) await t.observe(host, `b${i}`, `b${i}`, page(i));
    expect(await redis.hlen(`${config.queuePrefix}:dedupe:tpl:${host}:counts`)).toBeLessThanOrEqual(100);
    expect(await redis.scard(`${config.queuePrefix}:dedupe:tpl:${host}:pages`)).toBeLessThanOrEqual(50);
    expect([...(await t.snapshot(host)).fingerprints].sort()).toEqual([...TEMPLATE].sort());
  });

  it('stops counting after its learning window: the template stays, the counts and seen-sets go', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix, { windowPages: 10 });
    const host = 'window.test';
    const key = (k: string) => `${config.queuePrefix}:dedupe:tpl:${host}:${k}`;
    for (let i = 0; i < 9; i++) await t.observe(host, `w${i}`, `w${i}`, page(i));
    expect(await redis.hlen(key('counts'))).toBeGreaterThan(0);
    await t.observe(host, 'w9', 'w9', page(9));
    expect(await redis.exists(key('counts'), key('pages'), key('idents'))).toBe(0);
    const version = (await t.snapshot(host)).version;
    // Later pages only read the version: nothing grows, nothing changes.
    for (let i = 10; i < 60; i++) expect((await t.observe(host, `w${i}`, `w${i}`, [...page(i), `extra${i % 3}`])).learning).toBe(false);
    expect(await redis.exists(key('counts'))).toBe(0);
    const snap = await t.snapshot(host);
    expect(snap.version).toBe(version);
    expect([...snap.fingerprints].sort()).toEqual([...TEMPLATE].sort());
  });

  it('decides at fixed page counts only, so a block near the template share does not flip', async () => {
    const t = new SiteTemplates(redis, config.queuePrefix, { windowPages: 40 });
    const host = 'share.test';
    const versions = new Set<number>();
    // "box" is on every fifth page: exactly the template share (ratio 0.2).
    for (let i = 0; i < 40; i++) versions.add((await t.observe(host, `s${i}`, `s${i}`, i % 5 === 0 ? ['nav', 'box', `u${i}`] : ['nav', `u${i}`])).version);
    // Decisions after 5, 10, 20 and 40 pages at most: never one per page.
    expect(Math.max(...versions)).toBeLessThanOrEqual(4);
    expect((await t.snapshot(host)).fingerprints.has('nav')).toBe(true);
  });

  it('drops a block the site stopped using', async () => {
    // Learning happens in windows: the first 10 pages, then again 10 pages after that decision.
    const t = new SiteTemplates(redis, config.queuePrefix, { windowPages: 10, relearnAfterPages: 10 });
    const host = 'change.test';
    for (let i = 0; i < 6; i++) await t.observe(host, `o${i}`, `o${i}`, ['old-box', `o${i}`]);
    expect((await t.snapshot(host)).fingerprints.has('old-box')).toBe(true);
    for (let i = 0; i < 30; i++) await t.observe(host, `n${i}`, `n${i}`, [`n${i}`]);
    expect((await t.snapshot(host)).fingerprints.has('old-box')).toBe(false);
  });
});
