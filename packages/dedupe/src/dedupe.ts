import type { Redis } from 'ioredis';
import type { ExtractJob } from '@ingest/contracts';
import { NearDuplicateClusters, type ClusterAssignment, type ClusterOptions } from './clusters.ts';
import { SiteTemplates, type TemplateOptions, type TemplateState } from './templates.ts';
import type { TextSignature } from './minhash.ts';

/** The part of an extraction result template learning reads. */
export interface ExtractionView {
  record: { docId: string; text: string };
  /** The signature of a text, computed beside the extraction (the page thread); used when it is record.text's. */
  derived?: { text: string; signature: TextSignature } | undefined;
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
  templates?: TemplateOptions;
  clusters?: ClusterOptions;
  /** Hosts whose template one process keeps in memory (the version is still checked on every page). */
  cachedHosts?: number;
}

/**
 * What one templated extraction decided, for the caller to act on: dedupe only decides, the
 * pipeline enqueues and counts, so this package holds algorithms and state, not jobs.
 */
export interface TemplateOutcome<R> {
  /** The extraction to use (re-run in place when the template changed under it). */
  result: R;
  /** Remembered pages the new template version changes: each is extracted again under `version`. */
  reprocess: { version: number; pages: PageRef[] };
  /** Blocks this page's count made template. */
  blocksLearned: number;
  /** The page was extracted a second time because its template changed meanwhile. */
  rerunInPlace: boolean;
  /** The page's text is empty only because of the template: an older indexed version should go. */
  templateOnly: boolean;
  /** The near-duplicate cluster computed while learning, and the text it was computed for. */
  cluster?: { text: string; assignment: ClusterAssignment };
}

/** Counter names in PipelineStats, counted by the pipeline from the outcomes above. */
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
 * clusters for documents. Every write is idempotent: page counts are keyed by document, cluster
 * assignment by (document, signature); the caller keys re-extraction jobs by (URL, digest,
 * template version).
 */
export class Dedupe {
  readonly templates: SiteTemplates;
  readonly clusters: NearDuplicateClusters;
  /** host → the template last seen; the version read after each extraction keeps it honest. */
  private readonly cache = new Map<string, TemplateState>();
  private readonly cachedHosts: number;

  constructor(options: DedupeOptions) {
    this.templates = new SiteTemplates(options.redis, options.prefix, options.templates);
    this.clusters = new NearDuplicateClusters(options.redis, options.prefix, options.clusters);
    this.cachedHosts = options.cachedHosts ?? 1000;
  }

  /**
   * Runs `extract` with the host's template, then (one Redis script) checks the template is still
   * current; while the host is in a learning window the page is counted and remembered instead,
   * and a decision that count triggers returns the remembered pages whose kept blocks became
   * template (the caller re-enqueues them). A page whose own kept blocks were made template
   * meanwhile is extracted again at once.
   * Ordering makes this race-free: remembering, counting and deciding are one script, so a page
   * is either remembered before a decision (and re-enqueued by it) or sees its version (and re-runs).
   */
  async extractWithTemplate<R extends ExtractionView>(job: ExtractJob, extract: TemplateExtract<R>): Promise<TemplateOutcome<R>> {
    const host = new URL(job.finalUrl).host;
    const used = this.cache.get(host) ?? (await this.readState(host));
    let result = await extract(used.fingerprints);
    const { docId, text } = result.record;
    const fps = result.article.boilerplateFingerprints;
    const kept = result.article.keptFingerprints ?? fps;

    const outcome: TemplateOutcome<R> = { result, reprocess: { version: used.version, pages: [] }, blocksLearned: 0, rerunInPlace: false, templateOnly: false };
    let current: TemplateState = used;
    if (!used.learning) {
      const s = await this.templates.state(host, { knownVersion: used.version, countPage: true });
      current = { version: s.version, learning: s.learning, fingerprints: s.fingerprints ?? used.fingerprints };
    }
    if (current.learning) {
      // Copies of one article (print, AMP) count as one page; a page without article text is itself.
      // Not counted as a join: this text may still lose template blocks. The caller reuses the
      // assignment when the final text is the same, so a page is clustered once.
      const signature = result.derived?.text === text ? result.derived.signature : undefined;
      const cluster = await this.clusters.assign(docId, text, { countJoin: false, ...(signature ? { signature } : {}) });
      outcome.cluster = { text, assignment: cluster };
      const identity = cluster.nearDuplicateAware ? cluster.clusterId : `p${docId}`;
      const { crawl: _crawl, ...replay } = job;
      const page: PageRef = { docId, job: replay };
      const seen = await this.templates.count(host, { docRef: docId, identity, fingerprints: fps, kept, pageJson: JSON.stringify(page), knownVersion: current.version });
      current = { version: seen.version, learning: seen.learning, fingerprints: seen.template ?? current.fingerprints };
      outcome.blocksLearned = seen.added.length;
      outcome.reprocess = { version: seen.version, pages: seen.reprocess.map((row) => JSON.parse(row) as PageRef) };
    }
    this.remember(host, current);

    if (current.version !== used.version && changesPage(used.fingerprints, current.fingerprints, fps, kept)) {
      result = await extract(current.fingerprints);
      outcome.result = result;
      outcome.rerunInPlace = true;
    }
    // Empty only because of the template: an extraction made before it was known may be indexed.
    outcome.templateOnly = result.record.text.trim() === '' && fps.some((fp) => current.fingerprints.has(fp)) && (await extract(EMPTY)).record.text.trim() !== '';
    return outcome;
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

  /** The document's near-duplicate cluster; `newlyJoined` is true once per joining document (for `dedupe.clustered`). */
  clusterOf(docId: string, text: string, signature?: TextSignature): Promise<ClusterAssignment> {
    return this.clusters.assign(docId, text, { countJoin: true, ...(signature ? { signature } : {}) });
  }
}

/** A kept block became template, or a block the template removed from this page no longer is. */
function changesPage(before: ReadonlySet<string>, after: ReadonlySet<string>, fps: string[], kept: string[]): boolean {
  return kept.some((fp) => after.has(fp) && !before.has(fp)) || fps.some((fp) => before.has(fp) && !after.has(fp));
}
