import type { ArchiveStore } from '@ingest/archive';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { MeiliSearchIndex } from '@ingest/search-index';
import type { Redis } from 'ioredis';
import type { ApiKeyStore, ReindexRunner } from '@ingest/ops';

/** What route handlers use; built once by buildApi. */
export interface RouteDeps {
  redis: Redis;
  queues: QueueSet;
  stats: PipelineStats;
  archive: ArchiveStore;
  searchIndex: MeiliSearchIndex;
  keys: ApiKeyStore;
  /** How long an enqueue waits for Redis to fsync it (WAITAOF) before answering. */
  aofWaitMs: number;
  /** The background reindex of this API process (one per app; made by the routes when absent). */
  reindex?: ReindexRunner;
}
