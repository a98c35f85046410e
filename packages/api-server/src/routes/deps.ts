import type { ArchiveStore } from '@ingest/archive';
import type { PipelineStats, QueueSet } from '@ingest/queue';
import type { MeiliSearchIndex } from '@ingest/search-index';
import type { Redis } from 'ioredis';
import type { ApiKeyStore } from '@ingest/ops';

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
  /** WEBHOOK_ALLOW_NETWORKS: private networks a webhook URL may point at. */
  webhookAllowNetworks?: string;
}
