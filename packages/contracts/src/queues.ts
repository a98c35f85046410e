// Queue names are plain words; the Redis key prefix carries a hash tag (`{ingest}`) so every key of
// every queue lands in one Redis Cluster slot and scale-out to Cluster needs no rewrite.
export const QUEUES = {
  discover: 'discover',
  fetch: 'fetch',
  render: 'render',
  extract: 'extract',
  index: 'index',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
// render runs a page in a browser when its source asks for it (or, with auto, when the page needs it).
// discover expands a registered source (sitemap, feed, crawl) into fetch jobs; it runs beside fetch.
// Enrichment is a step of extract (one path per page), not a queue of its own.
export const STAGES: readonly QueueName[] = [QUEUES.discover, QUEUES.fetch, QUEUES.render, QUEUES.extract, QUEUES.index];

export const DEFAULT_QUEUE_PREFIX = '{ingest}';
