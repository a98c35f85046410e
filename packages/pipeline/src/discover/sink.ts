import { IngestError } from '@ingest/errors';
import { RecrawlSchedule, type SourceDefinition, type SourceRegistry } from '@ingest/sources';
import { normalizeUrl } from '@ingest/urls';
import { CrawlFrontier } from '../crawl.ts';
import type { PipelineDeps } from '../deps.ts';
import { fetchJobId } from '../enqueue.ts';
import { nowOf } from '../sources/report.ts';
import { UrlStateStore } from '../state/url-state.ts';
import { runKey } from './run-id.ts';

/**
 * Where discovered URLs go: normalised, skipped when their lastmod predates the previous run and
 * they were processed before, claimed once per run in the shared seen-set (so no URL is fetched
 * twice in a run, whichever process finds it), then enqueued with a job id of (run, URL).
 */
export class RunSink {
  found = 0;
  notModified = 0;
  /** URLs an adaptive source skipped this run: not due yet. */
  notDue = 0;
  /** Feeds and sitemaps an adaptive source did not read this run: not due yet. */
  documentsNotDue = 0;
  invalid = 0;
  limitReached = false;
  private readonly deps: PipelineDeps;
  private readonly source: SourceDefinition;
  private readonly registry: SourceRegistry;
  private readonly runId: string;
  private readonly previousRunAt: Date | null;
  private readonly frontier: CrawlFrontier;
  private readonly urls: UrlStateStore;
  readonly schedule: RecrawlSchedule;
  private readonly key: string;
  private readonly enqueuedAt = new Date().toISOString();

  constructor(deps: PipelineDeps, registry: SourceRegistry, source: SourceDefinition, runId: string, previousRunAt: Date | null) {
    this.deps = deps;
    this.registry = registry;
    this.source = source;
    this.runId = runId;
    this.previousRunAt = previousRunAt;
    this.frontier = new CrawlFrontier(deps.redis, deps.queues.prefix);
    this.urls = new UrlStateStore(deps.redis, deps.queues.prefix);
    this.schedule = new RecrawlSchedule(deps.redis, deps.queues.prefix);
    this.key = runKey(source.id, runId);
  }

  /** URLs claimed by this run so far, in every pass (a retried discover job finds them claimed). */
  async claimed(): Promise<number> {
    return this.frontier.size(this.key);
  }

  /** True while the run may take more URLs. */
  get open(): boolean {
    return !this.limitReached;
  }

  /** Whether something last modified at `lastmod` may be skipped: older than the previous run's start. */
  notModifiedSinceLastRun(lastmod: number | null): boolean {
    return lastmod !== null && this.previousRunAt !== null && lastmod < this.previousRunAt.getTime();
  }

  async offer(rawUrl: string, lastmod: number | null = null, base?: string): Promise<void> {
    if (this.limitReached) return;
    let url: string;
    try {
      url = normalizeUrl(rawUrl, base);
    } catch (err) {
      this.invalid++;
      if (err instanceof IngestError) await this.registry.recordFailure(this.source.id, this.runId, rawUrl.slice(0, 300), { code: err.code, message: err.message, jobId: null });
      return;
    }
    if (this.notModifiedSinceLastRun(lastmod) && (await this.urls.get(url)).processedDigest !== null) {
      this.notModified++;
      return;
    }
    if (this.source.adaptive && !(await this.schedule.due(this.source.id, [url], nowOf(this.deps)))[0]) {
      this.notDue++;
      return;
    }
    const budget = { crawlId: this.key, maxPages: this.source.limits.maxUrls };
    if (!(await this.frontier.claim(budget, url))) {
      if ((await this.frontier.size(this.key)) >= this.source.limits.maxUrls) await this.hitLimit();
      return;
    }
    this.found++;
    const adaptive = this.source.adaptive ? { adaptive: this.source.adaptive } : {};
    await this.deps.queues.add('fetch', { url, enqueuedAt: this.enqueuedAt, sourceId: this.source.id, runId: this.runId, ...adaptive }, fetchJobId(url, this.key));
  }

  /** Whether an adaptive source reads this feed or sitemap in this run (always, for other sources). */
  async documentDue(url: string): Promise<boolean> {
    if (!this.source.adaptive) return true;
    const [due] = await this.schedule.due(this.source.id, [url], nowOf(this.deps));
    if (!due) this.documentsNotDue++;
    return due!;
  }

  /** A feed or sitemap that was read: its interval shrinks if its body changed, grows if not. */
  async observeDocument(url: string, body: string): Promise<void> {
    if (!this.source.adaptive) return;
    await this.schedule.observe(this.source.id, this.runId, url, this.source.adaptive, nowOf(this.deps), { body: Buffer.from(body) });
  }

  private async hitLimit(): Promise<void> {
    if (this.limitReached) return;
    this.limitReached = true;
    await this.registry.recordFailure(this.source.id, this.runId, this.source.urls[0] ?? this.source.id, {
      code: 'URL_LIMIT_REACHED',
      message: `Run ${this.runId} stopped at ${this.source.limits.maxUrls} URLs (limits.maxUrls); the rest were ignored`,
      jobId: null,
    });
  }
}
