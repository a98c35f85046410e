import type { Redis } from 'ioredis';
import { hostKeys } from './keys.ts';
import { OBSERVE_PAGE } from './template-script.ts';

export interface TemplateOptions {
  /** Pages of a host counted before any block can be template. */
  minPages?: number;
  /** A block is template when seen on at least max(minCount, ratio × pages) distinct pages. */
  minCount?: number;
  ratio?: number;
  /** Bound on the per-host counts hash; beyond it counts decay (see template-script.ts). */
  maxFingerprints?: number;
  /** Bound on the per-host seen-page and seen-cluster sets. */
  maxSeenPages?: number;
  maxTemplate?: number;
  /** Fingerprints of one page considered (a page with thousands of blocks must not flush the counts). */
  maxPerPage?: number;
  ttlDays?: number;
}

export interface TemplateSnapshot {
  version: number;
  fingerprints: ReadonlySet<string>;
}

export interface Observation {
  version: number;
  pages: number;
  /** Fingerprints this page's count made template. */
  added: string[];
}

const DEFAULTS: Required<TemplateOptions> = {
  minPages: 5,
  minCount: 3,
  ratio: 0.2,
  maxFingerprints: 2000,
  maxSeenPages: 2000,
  maxTemplate: 500,
  maxPerPage: 400,
  ttlDays: 90,
};

/**
 * Per-host template learning shared by every extractor through Redis.
 *
 * Bounds per host: ≤ maxFingerprints (2000) counted fingerprints, ≤ maxSeenPages (2000) page and
 * cluster references, ≤ maxTemplate (500) template fingerprints: about 200 KB in the worst case.
 * Keys expire ttlDays after the host's last page.
 */
export class SiteTemplates {
  private readonly redis: Redis;
  private readonly prefix: string;
  readonly options: Required<TemplateOptions>;

  constructor(redis: Redis, prefix: string, options: TemplateOptions = {}) {
    this.redis = redis;
    this.prefix = prefix;
    this.options = { ...DEFAULTS, ...options };
  }

  async snapshot(host: string): Promise<TemplateSnapshot> {
    const keys = hostKeys(this.prefix, host);
    const [members, version] = await Promise.all([this.redis.smembers(keys.template), this.redis.hget(keys.meta, 'version')]);
    return { version: Number(version ?? 0), fingerprints: new Set(members) };
  }

  /** Counts the page once for each distinct fingerprint; idempotent per (host, docRef). */
  async observe(host: string, docRef: string, identity: string, fingerprints: Iterable<string>): Promise<Observation> {
    const keys = hostKeys(this.prefix, host);
    const o = this.options;
    const fps = [...new Set(fingerprints)].slice(0, o.maxPerPage);
    const reply = (await this.redis.eval(
      OBSERVE_PAGE,
      5,
      keys.counts,
      keys.meta,
      keys.pages,
      keys.idents,
      keys.template,
      docRef,
      identity,
      String(o.minPages),
      String(o.minCount),
      String(o.ratio),
      String(o.maxFingerprints),
      String(o.maxSeenPages),
      String(o.maxTemplate),
      String(o.ttlDays * 86_400),
      ...fps,
    )) as (number | string)[];
    return { version: Number(reply[0]), pages: Number(reply[1]), added: reply.slice(2).map(String) };
  }
}
