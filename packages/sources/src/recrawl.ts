import type { Redis } from 'ioredis';
import { sha256Hex } from '@ingest/ids';
import { sourceKeys } from './keys.ts';
import type { AdaptiveRecrawl } from './types.ts';

/** One URL's adaptive schedule (a page, or a feed or sitemap the source reads). */
export interface RecrawlEntry {
  url: string;
  intervalMs: number;
  /** When the URL is next fetched (ms); runs before then skip it. */
  nextDueAt: number;
  checks: number;
  changes: number;
  lastCheckedAt: number;
  /** Digest of the last body (feeds and sitemaps, whose change is not a document's). */
  digest?: string;
  /** The run that last moved the schedule: a retried job does not move it twice. */
  runId: string;
}

/**
 * A run may fetch a URL a little before its due time: runs start on the source's schedule while
 * each URL's due time counts from its own fetch, a few seconds into the previous run.
 */
const EARLY_FRACTION = 0.1;

// Shrinks the interval (halves) on a change, grows it (doubles) without one, within the bounds;
// once per (URL, run).
const OBSERVE_LUA = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local now, minI, maxI = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local e = raw and cjson.decode(raw) or { url = ARGV[1], intervalMs = minI, checks = 0, changes = 0 }
if e.runId == ARGV[2] then return raw end
local changed = ARGV[6] == '1'
if ARGV[7] ~= '' then
  changed = e.digest ~= ARGV[7]
  e.digest = ARGV[7]
end
if raw == false then
  e.intervalMs = minI
elseif changed then
  e.intervalMs = math.max(minI, math.floor(e.intervalMs / 2))
else
  e.intervalMs = math.min(maxI, e.intervalMs * 2)
end
e.checks = e.checks + 1
if changed then e.changes = e.changes + 1 end
e.lastCheckedAt = now
e.nextDueAt = now + e.intervalMs
e.runId = ARGV[2]
local out = cjson.encode(e)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
`;

/**
 * Per-source adaptive recrawl (as StormCrawler's adaptive fetch schedule): each URL's interval
 * halves when it changed since the last fetch and doubles when it did not, between the source's
 * bounds. One Redis hash per source, one short JSON entry per URL.
 */
export class RecrawlSchedule {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private key(sourceId: string): string {
    return `${sourceKeys(this.prefix, sourceId).state}:recrawl`;
  }

  /** Whether each URL is due at `now` (never-seen URLs are). One round trip. */
  async due(sourceId: string, urls: readonly string[], now: number): Promise<boolean[]> {
    if (urls.length === 0) return [];
    const raw = await this.redis.hmget(this.key(sourceId), ...urls);
    return raw.map((r) => {
      if (!r) return true;
      const e = JSON.parse(r) as RecrawlEntry;
      return e.nextDueAt - e.intervalMs * EARLY_FRACTION <= now;
    });
  }

  /**
   * Records a check of a URL: `changed` says whether it changed (a page), or `body` is hashed and
   * compared with the last one (a feed or sitemap).
   */
  async observe(sourceId: string, runId: string, url: string, bounds: AdaptiveRecrawl, now: number, change: { changed: boolean } | { body: Uint8Array }): Promise<RecrawlEntry> {
    const digest = 'body' in change ? sha256Hex(change.body) : '';
    const changed = 'changed' in change && change.changed ? '1' : '0';
    const out = (await this.redis.eval(OBSERVE_LUA, 1, this.key(sourceId), url, runId, String(now), String(bounds.minIntervalMs), String(bounds.maxIntervalMs), changed, digest)) as string;
    return JSON.parse(out) as RecrawlEntry;
  }

  /** Every URL's schedule, soonest due first. */
  async list(sourceId: string): Promise<RecrawlEntry[]> {
    const all = await this.redis.hgetall(this.key(sourceId));
    return Object.values(all)
      .map((r) => JSON.parse(r) as RecrawlEntry)
      .sort((a, b) => a.nextDueAt - b.nextDueAt || a.url.localeCompare(b.url));
  }

  async clear(sourceId: string): Promise<void> {
    await this.redis.del(this.key(sourceId));
  }
}
