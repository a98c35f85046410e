import type { Redis } from 'ioredis';
import type { ArchiveStore } from '@ingest/archive';
import type { Dedupe } from '@ingest/dedupe';
import type { ExtractionHealth } from '@ingest/extraction-health';
import type { Config } from '@ingest/config';
import type { Logger } from '@ingest/logger';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { SearchIndex } from '@ingest/search-index';
import type { PipelineEvents } from './events.ts';
import type { PagePool } from './extract/page-pool.ts';
import type { PageFetcher } from './fetch/fetcher.ts';
import type { PageRenderer } from './render/renderer.ts';
import type { InlineStages } from './inline.ts';

/** Everything a stage needs, built once by the runtime and passed in (no module singletons). */
export interface PipelineDeps {
  config: Config;
  log: Logger;
  /** Shared state (crawl seen-sets, politeness, counters). */
  redis: Redis;
  queues: QueueSet;
  archive: ArchiveStore;
  stats: PipelineStats;
  fetcher: PageFetcher;
  searchIndex: SearchIndex;
  /** Template learning and near-duplicate clusters; absent = in-page dedupe and exact clusters only. */
  dedupe?: Dedupe;
  /** Per-host extraction figures and redesign flags; absent = not kept. */
  extractionHealth?: ExtractionHealth;
  /** Threads that run each page's decode + parse + extract under a hard budget; absent = in-process, unbounded. */
  pagePool?: PagePool;
  /** The browser for the render stage; absent where no process renders (the stage then fails its jobs for retry). */
  renderer?: PageRenderer;
  /** Where document events go (webhooks); absent = none are emitted. */
  events?: PipelineEvents;
  /** The stages after this one that this process runs itself (inline.ts); absent = every hop through its queue. */
  inline?: InlineStages;
  /** Now, in ms, for adaptive recrawl schedules; absent = Date.now (tests inject a fake clock). */
  clock?: () => number;
}
