import type { Redis } from 'ioredis';
import { hostKeyList, hostKeys } from './keys.ts';
import { OBSERVE_PAGE, TEMPLATE_STATE } from './template-script.ts';

export interface TemplateOptions {
  /** Pages of a host counted before any block can be template (the first decision). */
  minPages?: number;
  /** A block is template when seen on at least max(minCount, ratio × pages) distinct pages. */
  minCount?: number;
  ratio?: number;
  /** Distinct pages (near-duplicates once) a learning window counts; its end is the main decision. */
  windowPages?: number;
  /** Pages after a window's decision before the next learning window starts. */
  relearnAfterPages?: number;
  /** Bound on the counts hash of a learning window (fingerprints first seen beyond it are not counted). */
  maxFingerprints?: number;
  /** Bound on the per-host seen-page and seen-cluster sets (caps windowPages). */
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

/** A host's template as one page saw it: `learning` pages are counted after extraction. */
export interface TemplateState extends TemplateSnapshot {
  learning: boolean;
}

export interface Observation {
  version: number;
  learning: boolean;
  pages: number;
  /** Fingerprints this page's count made template (at a decision point). */
  added: string[];
  removed: string[];
  /** Page JSON of the remembered pages whose kept blocks the decision made template. */
  reprocess: string[];
  /** The template, when it is not the version the caller knew. */
  template: ReadonlySet<string> | null;
}

export interface PageToCount {
  docRef: string;
  /** Near-duplicate cluster: copies of one article count once. */
  identity: string;
  fingerprints: Iterable<string>;
  /** Fingerprints of the blocks the extraction kept: only these can make a re-extraction differ. */
  kept?: Iterable<string>;
  /** What re-extraction needs (an extract job as JSON); remembered only when `kept` is not empty. */
  pageJson?: string;
  knownVersion?: number;
}

const DEFAULTS: Required<TemplateOptions> = {
  minPages: 5,
  minCount: 3,
  ratio: 0.2,
  windowPages: 40,
  relearnAfterPages: 2000,
  maxFingerprints: 2000,
  maxSeenPages: 2000,
  maxTemplate: 500,
  maxPerPage: 400,
  ttlDays: 90,
};

/** Prefix length of remembered kept fingerprints: a rare collision only costs one needless re-extraction. */
const FP_PREFIX = 8;

/**
 * Per-host template learning shared by every extractor through Redis, in learning windows.
 *
 * The first `windowPages` distinct pages of a host are counted; decisions are taken after
 * minPages, 2×minPages, 4×minPages… pages (adding only) and at the window's end (the template
 * becomes what the window supports). Then counting stops: a page costs one read of version and
 * phase (members only when the version moved). After `relearnAfterPages` more pages a new window
 * counts again, with the current template in force until its end decides.
 *
 * Bounds per host: while learning ≤ maxFingerprints counts, ≤ windowPages page and cluster
 * references and remembered pages (~1 KB each); outside windows only meta and ≤ maxTemplate
 * template fingerprints. Nothing grows with the pages crawled. Keys expire ttlDays after the
 * host's last page.
 */
export class SiteTemplates {
  private readonly redis: Redis;
  private readonly prefix: string;
  readonly options: Required<TemplateOptions>;

  constructor(redis: Redis, prefix: string, options: TemplateOptions = {}) {
    this.redis = redis;
    this.prefix = prefix;
    const o = { ...DEFAULTS, ...options };
    o.windowPages = Math.max(o.minPages, Math.min(o.windowPages, o.maxSeenPages));
    this.options = o;
  }

  async snapshot(host: string): Promise<TemplateSnapshot> {
    const s = await this.state(host, { countPage: false });
    return { version: s.version, fingerprints: s.fingerprints ?? new Set() };
  }

  /**
   * Version and phase; the members unless `knownVersion` is current (then `fingerprints` is null).
   * `countPage` counts the page towards the next learning window.
   */
  async state(host: string, options: { knownVersion?: number; countPage: boolean }): Promise<{ version: number; learning: boolean; fingerprints: ReadonlySet<string> | null }> {
    const o = this.options;
    const reply = (await this.redis.eval(
      TEMPLATE_STATE,
      7,
      ...hostKeyList(hostKeys(this.prefix, host)),
      String(options.knownVersion ?? -1),
      options.countPage ? '1' : '0',
      String(o.relearnAfterPages),
      String(o.ttlDays * 86_400),
    )) as (number | string)[];
    return { version: Number(reply[0]), learning: reply[1] === 'learn', fingerprints: Number(reply[2]) === 1 ? new Set(reply.slice(3).map(String)) : null };
  }

  /**
   * What one page of the host does to the learning, without remembering it for re-extraction:
   * outside a learning window it only moves the schedule, in one it counts the page once for each
   * distinct fingerprint (idempotent per (host, docRef) within a window).
   */
  async observe(host: string, docRef: string, identity: string, fingerprints: Iterable<string>): Promise<Observation> {
    const s = await this.state(host, { countPage: true });
    if (!s.learning) return { version: s.version, learning: false, pages: 0, added: [], removed: [], reprocess: [], template: null };
    return this.count(host, { docRef, identity, fingerprints });
  }

  async count(host: string, page: PageToCount): Promise<Observation> {
    const o = this.options;
    const fps = [...new Set(page.fingerprints)].slice(0, o.maxPerPage);
    const kept = [...new Set([...(page.kept ?? [])].map((f) => f.slice(0, FP_PREFIX).padEnd(FP_PREFIX, '_')))].join('');
    const reply = (await this.redis.eval(
      OBSERVE_PAGE,
      7,
      ...hostKeyList(hostKeys(this.prefix, host)),
      page.docRef,
      page.identity,
      String(page.knownVersion ?? -1),
      page.pageJson ?? '',
      page.pageJson ? kept : '',
      String(o.minPages),
      String(o.minCount),
      String(o.ratio),
      String(o.maxFingerprints),
      String(o.windowPages),
      String(o.maxTemplate),
      String(o.ttlDays * 86_400),
      // Copies and re-runs are remembered too; a window of distinct pages stays the bound.
      String(Math.min(o.maxSeenPages, 4 * o.windowPages)),
      ...fps,
    )) as (number | string)[];
    let i = 3;
    const take = (): string[] => {
      const n = Number(reply[i++]);
      const out = reply.slice(i, i + n).map(String);
      i += n;
      return out;
    };
    const added = take();
    const removed = take();
    const reprocess = take();
    const changed = Number(reply[i++]) === 1;
    return {
      version: Number(reply[0]),
      learning: reply[1] === 'learn',
      pages: Number(reply[2]),
      added,
      removed,
      reprocess,
      template: changed ? new Set(reply.slice(i).map(String)) : null,
    };
  }
}
