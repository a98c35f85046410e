import { IngestError } from '@ingest/errors';
import type { FetchResultEvent } from '@ingest/metrics';
import type { PageFetcher } from '@ingest/pipeline';

/**
 * Wraps the page fetcher so every fetch attempt reports its status class and host to metrics,
 * without the fetch stage knowing about metrics. HTTP errors carry their status in `details`;
 * failures without an HTTP answer (DNS, connect, timeout, blocked) report status null.
 */
export function observeFetches(fetcher: PageFetcher, onResult: (event: FetchResultEvent) => void): PageFetcher {
  return {
    async fetch(url, options) {
      try {
        const response = await fetcher.fetch(url, options);
        onResult({ url, status: response.status });
        return response;
      } catch (err) {
        const status = err instanceof IngestError && typeof err.details?.status === 'number' ? err.details.status : null;
        onResult({ url, status, code: err instanceof IngestError ? err.code : 'INTERNAL' });
        throw err;
      }
    },
    robotsSitemaps: (url) => fetcher.robotsSitemaps(url),
    close: () => fetcher.close(),
  };
}
