import type { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { jobId, shortHash, type PipelineStats, type QueueSet } from '@ingest/queue';
import { NearDuplicateClusters, type ClusterOptions } from './clusters.ts';
import { RecentPages } from './recent-pages.ts';
import { SiteTemplates, type TemplateOptions } from './templates.ts';

/** The part of an extraction result template learning reads. */
export interface ExtractionView {
  record: { docId: string; text: string };
  article: { boilerplateFingerprints: string[] };
}

export type IsBoilerplate = (fingerprint: string) => boolean;

export interface DedupeOptions {
  redis: Redis;
  /** The queue prefix (a Redis Cluster hash tag). */
  prefix: string;
  queues: QueueSet;
  stats: PipelineStats;
  templates?: TemplateOptions;
  clusters?: ClusterOptions;
  recentPagesPerHost?: number;
}

/** Counter names in PipelineStats. */
export const DEDUPE_COUNTERS = {
  clustered: 'dedupe.clustered',
  templateBlocksLearned: 'dedupe.templateBlocksLearned',
  pagesReprocessed: 'dedupe.pagesReprocessed',
  pagesRerunInPlace: 'dedupe.pagesRerunInPlace',
  templateOnlyRemoved: 'dedupe.templateOnlyPagesRemoved',
} as const;

/**
 * Cross-page deduplication: per-host template learning around extraction, and near-duplicate
 * clusters for documents. Every effect is idempotent: page counts are keyed by document, cluster
 * assignment by (document, signature), re-extraction jobs by (URL, digest, template version).
 */
export class Dedupe {
  readonly templates: SiteTemplates;
  readonly clusters: NearDuplicateClusters;
  readonly recent: RecentPages;
  private readonly queues: QueueSet;
  private readonly stats: PipelineStats;

  constructor(options: DedupeOptions) {
    this.templates = new SiteTemplates(options.redis, options.prefix, options.templates);
    this.clusters = new NearDuplicateClusters(options.redis, options.prefix, options.clusters);
    this.recent = new RecentPages(options.redis, options.prefix, { cap: options.recentPagesPerHost ?? 200, ttlDays: this.templates.options.ttlDays });
    this.queues = options.queues;
    this.stats = options.stats;
  }

  /**
   * Runs `extract` with the host's learned template, counts the page's blocks, and when that (or
   * a concurrent extractor) made one of this page's blocks template, extracts again at once; other
   * remembered pages holding newly learned blocks get an extract job for the new template version.
   * Ordering makes this race-free: a page is remembered before it is counted, and every extractor
   * that adds template blocks scans the remembered pages after counting.
   */
  async extractWithTemplate<R extends ExtractionView>(job: ExtractJob, extract: (isBoilerplate: IsBoilerplate) => R): Promise<R> {
    const host = new URL(job.finalUrl).host;
    const before = await this.templates.snapshot(host);
    let used = before.fingerprints;
    let result = extract((fp) => used.has(fp));
    const { docId, text } = result.record;
    const fps = result.article.boilerplateFingerprints;

    const { crawl: _crawl, ...replay } = job;
    await this.recent.remember(host, docId, { docId, job: replay }, fps);
    // Copies of one article (print, AMP) count as one page; a page without article text is itself.
    const cluster = await this.clusters.assign(docId, text, { countJoin: false });
    const identity = cluster.nearDuplicateAware ? cluster.clusterId : `p${docId}`;
    const seen = await this.templates.observe(host, docId, identity, fps);

    if (seen.added.length > 0) {
      await this.stats.incr(DEDUPE_COUNTERS.templateBlocksLearned, seen.added.length);
      await this.reprocess(host, seen.version, seen.added, docId);
    }
    if (seen.version !== before.version) {
      const after = (await this.templates.snapshot(host)).fingerprints;
      if (fps.some((fp) => after.has(fp) && !before.fingerprints.has(fp))) {
        used = after;
        result = extract((fp) => used.has(fp));
        await this.stats.incr(DEDUPE_COUNTERS.pagesRerunInPlace);
      }
    }
    // Empty only because of the template: an extraction made before it was known may be indexed.
    if (result.record.text.trim() === '' && fps.some((fp) => used.has(fp)) && extract(() => false).record.text.trim() !== '') {
      await this.unindexTemplateOnly(job, docId);
    }
    return result;
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

  private async reprocess(host: string, version: number, added: string[], exceptDocId: string): Promise<void> {
    const pages = await this.recent.holding(host, added, exceptDocId);
    for (const { job } of pages) {
      // The template version in the id makes this a new job although the page was extracted before.
      const id = jobId('extract', shortHash(job.finalUrl), job.contentDigest.slice(0, 32), `t${version}`);
      const { created } = await this.queues.add('extract', job, id);
      if (created) await this.stats.incr(DEDUPE_COUNTERS.pagesReprocessed);
    }
  }
}
