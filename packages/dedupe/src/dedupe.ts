import type { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { jobId, shortHash, type PipelineStats, type QueueSet } from '@ingest/queue';
import { NearDuplicateClusters, type ClusterOptions } from './clusters.ts';
import { SiteTemplates, type TemplateOptions, type TemplateState } from './templates.ts';

/** The part of an extraction result template learning reads. */
export interface ExtractionView {
  record: { docId: string; text: string };
  article: {
    /** Every block of the page. */
    boilerplateFingerprints: string[];
    /** The blocks the extraction kept; a template change re-extracts a page only if it holds one. Absent: every block. */
    keptFingerprints?: string[];
  };
}

/** Runs the extraction with the host's template (fingerprints of blocks to drop). */
export type TemplateExtract<R> = (template: ReadonlySet<string>) => Promise<R>;

/** The per-fingerprint form of a template, as the extractor's hook takes it. */
export type IsBoilerplate = (fingerprint: string) => boolean;

/** An extracted page: its extract job without the crawl context (links were followed once). */
export interface PageRef {
  docId: string;
  job: Omit<ExtractJob, 'crawl'>;
}

export interface DedupeOptions {
  redis: Redis;
  /** The queue prefix (a Redis Cluster hash tag). */
  prefix: string;
  queues: QueueSet;
  stats: PipelineStats;
  templates?: TemplateOptions;
  clusters?: ClusterOptions;
  /** Hosts whose template one process keeps in memory (the version is still checked on every page). */
  cachedHosts?: number;
}

/** Counter names in PipelineStats. */
export const DEDUPE_COUNTERS = {
  clustered: 'dedupe.clustered',
  templateBlocksLearned: 'dedupe.templateBlocksLearned',
  pagesReprocessed: 'dedupe.pagesReprocessed',
  pagesRerunInPlace: 'dedupe.pagesRerunInPlace',
  templateOnlyRemoved: 'dedupe.templateOnlyPagesRemoved',
} as const;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Cross-page deduplication: per-host template learning around extraction, and near-duplicate
 * clusters for documents. Every effect is idempotent: page counts are keyed by document, cluster
 * assignment by (document, signature), re-extraction jobs by (URL, digest, template version).
 */
export class Dedupe {
  readonly templates: SiteTemplates;
  readonly clusters: NearDuplicateClusters;
  private readonly queues: QueueSet;
  private readonly stats: PipelineStats;
  /** host → the template last seen; the version read after each extraction keeps it honest. */
  private readonly cache = new Map<string, TemplateState>();
  private readonly cachedHosts: number;

  constructor(options: DedupeOptions) {
    this.templates = new SiteTemplates(options.redis, options.prefix, options.templates);
    this.clusters = new NearDuplicateClusters(options.redis, options.prefix, options.clusters);
    this.queues = options.queues;
    this.stats = options.stats;
    this.cachedHosts = options.cachedHosts ?? 1000;
  }

  /**
   * Runs `extract` with the host's template, then (one Redis script) checks the template is still
   * current; while the host is in a learning window the page is counted and remembered instead,
   * and a decision that count triggers re-enqueues the remembered pages whose kept blocks became
   * template. A page whose own kept blocks were made template meanwhile is extracted again at once.
   * Ordering makes this race-free: remembering, counting and deciding are one script, so a page
   * is either remembered before a decision (and re-enqueued by it) or sees its version (and re-runs).
   */
  async extractWithTemplate<R extends ExtractionView>(job: ExtractJob, extract: TemplateExtract<R>): Promise<R> {
    const host = new URL(job.finalUrl).host;
    const used = this.cache.get(host) ?? (await this.readState(host));
    let result = await extract(used.fingerprints);
    const { docId, text } = result.record;
    const fps = result.article.boilerplateFingerprints;
    const kept = result.article.keptFingerprints ?? fps;

    let current: TemplateState = used;
    if (!used.learning) {
      const s = await this.templates.state(host, { knownVersion: used.version, countPage: true });
      current = { version: s.version, learning: s.learning, fingerprints: s.fingerprints ?? used.fingerprints };
    }
    if (current.learning) {
      // Copies of one article (print, AMP) count as one page; a page without article text is itself.
      const cluster = await this.clusters.assign(docId, text, { countJoin: false });
      const identity = cluster.nearDuplicateAware ? cluster.clusterId : `p${docId}`;
      const { crawl: _crawl, ...replay } = job;
      const page: PageRef = { docId, job: replay };
      const seen = await this.templates.count(host, { docRef: docId, identity, fingerprints: fps, kept, pageJson: JSON.stringify(page), knownVersion: current.version });
      current = { version: seen.version, learning: seen.learning, fingerprints: seen.template ?? current.fingerprints };
      if (seen.added.length > 0) await this.stats.incr(DEDUPE_COUNTERS.templateBlocksLearned, seen.added.length);
      await this.reprocess(seen.version, seen.reprocess);
    }
    this.remember(host, current);

    if (current.version !== used.version && changesPage(used.fingerprints, current.fingerprints, fps, kept)) {
      result = await extract(current.fingerprints);
      await this.stats.incr(DEDUPE_COUNTERS.pagesRerunInPlace);
    }
    // Empty only because of the template: an extraction made before it was known may be indexed.
    if (result.record.text.trim() === '' && fps.some((fp) => current.fingerprints.has(fp)) && (await extract(EMPTY)).record.text.trim() !== '') {
      await this.unindexTemplateOnly(job, docId);
    }
    return result;
  }

  private async readState(host: string): Promise<TemplateState> {
    const s = await this.templates.state(host, { countPage: false });
    const state = { version: s.version, learning: s.learning, fingerprints: s.fingerprints ?? EMPTY };
    this.remember(host, state);
    return state;
  }

  private remember(host: string, state: TemplateState): void {
    this.cache.delete(host);
    this.cache.set(host, state);
    // Oldest first out: Map iteration follows insertion order.
    if (this.cache.size > this.cachedHosts) this.cache.delete(this.cache.keys().next().value!);
  }

  /**
   * A page whose only "article" was template (a home page's footer) may have been indexed before
   * the template was known; it has no article now, so its document goes. The version guard keeps
   * a later fetch that has an article.
   */
  private async unindexTemplateOnly(job: ExtractJob, docId: string): Promise<void> {
    const id = jobId('index', 'delete', docId, 'template', job.contentDigest.slice(0, 32));
    const { created } = await this.queues.add('index', { op: 'delete', docId, reason: 'gone', version: Date.parse(job.fetchedAt) }, id);
    if (created) await this.stats.incr(DEDUPE_COUNTERS.templateOnlyRemoved);
  }

  /** The document's near-duplicate cluster; counts `dedupe.clustered` once per joining document. */
  async clusterOf(docId: string, text: string): Promise<string> {
    const a = await this.clusters.assign(docId, text, { countJoin: true });
    if (a.newlyJoined) await this.stats.incr(DEDUPE_COUNTERS.clustered);
    return a.clusterId;
  }

  private async reprocess(version: number, pages: string[]): Promise<void> {
    for (const row of pages) {
      const { job } = JSON.parse(row) as PageRef;
      // The template version in the id makes this a new job although the page was extracted before.
      const id = jobId('extract', shortHash(job.finalUrl), job.contentDigest.slice(0, 32), `t${version}`);
      const { created } = await this.queues.add('extract', job, id);
      if (created) await this.stats.incr(DEDUPE_COUNTERS.pagesReprocessed);
    }
  }
}

/** A kept block became template, or a block the template removed from this page no longer is. */
function changesPage(before: ReadonlySet<string>, after: ReadonlySet<string>, fps: string[], kept: string[]): boolean {
  return kept.some((fp) => after.has(fp) && !before.has(fp)) || fps.some((fp) => before.has(fp) && !after.has(fp));
}
