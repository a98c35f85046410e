import type { ArchiveStore } from '@ingest/archive';
import type { ExtractionHealth } from '@ingest/extraction-health';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { RebuildableIndex } from '@ingest/search-index';
import type { Redis } from 'ioredis';
import type { ApiKeyStore, ReindexRunner } from '@ingest/ops';
import type { SiteDiscovery } from '@ingest/sources';

/** What route handlers use; built once by buildApi. */
export interface RouteDeps {
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
  extractionHealth?: ExtractionHealth | undefined;
  archive: ArchiveStore;
  /** The live index (a rebuild swaps another in: `ingest reindex` through the API). */
  searchIndex: RebuildableIndex;
  keys: ApiKeyStore;
  /** How long an enqueue waits for Redis to fsync it (WAITAOF) before answering. */
  aofWaitMs: number;
  /** Finds a site's feeds and sitemaps (the process's fetcher); absent, the discover route answers 501. */
  discoverSite?: ((url: string, signal?: AbortSignal) => Promise<SiteDiscovery>) | undefined;
  /** WEBHOOK_ALLOW_NETWORKS: private networks a webhook URL may point at. */
  webhookAllowNetworks?: string;
  /** The background reindex of this API process (one per app; made by the routes when absent). */
  reindex?: ReindexRunner;
}
