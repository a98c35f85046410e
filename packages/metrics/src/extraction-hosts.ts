import { Gauge, type Registry } from 'prom-client';
import type { ExtractionHealth, FlaggedHost } from '@ingest/extraction-health';

/**
 * Flagged hosts exported as series: the most-flagged first, at most this many, so a crawl of
 * thousands of hosts cannot blow up cardinality; the full list is in `ingest status`.
 */
export const FLAGGED_HOST_SERIES = 50;

/**
 * Per-host extraction health read at scrape time from Redis (pipeline-wide, aggregate with max()).
 * A host has series only while it is flagged; `ingest_extraction_hosts_flagged` always exists, so
 * an alert or panel never sees it absent.
 */
export function registerExtractionHosts(registry: Registry, health: Pick<ExtractionHealth, 'flagged'>, onError: (collector: string) => void): void {
  let pending: Promise<FlaggedHost[]> | null = null;
  let last: FlaggedHost[] = [];
  const flagged = () => {
    pending ??= health
      .flagged()
      .then(
        (f) => (last = f),
        () => {
          onError('extraction_hosts');
          return last;
        },
      )
      .finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  new Gauge({
    name: 'ingest_extraction_hosts_flagged',
    help: 'Hosts whose extraction shifted sharply from their previous crawl to the current one (a redesign; pipeline-wide)',
    registers: [registry],
    async collect() {
      this.set((await flagged()).length);
    },
  });
  new Gauge({
    name: 'ingest_extraction_host_redesign',
    help: `1 for a host whose extraction shifted sharply since its previous crawl (the ${FLAGGED_HOST_SERIES} with most reasons; see ingest status for figures and example pages)`,
    labelNames: ['host'],
    registers: [registry],
    async collect() {
      const hosts = (await flagged()).slice(0, FLAGGED_HOST_SERIES);
      this.reset();
      for (const h of hosts) this.set({ host: h.host }, 1);
    },
  });
  new Gauge({
    name: 'ingest_extraction_host_articles_found_ratio',
    help: 'Share of extracted pages that had an article, for flagged hosts: crawl="previous" (the baseline) and "current"',
    labelNames: ['host', 'crawl'],
    registers: [registry],
    async collect() {
      const hosts = (await flagged()).slice(0, FLAGGED_HOST_SERIES);
      this.reset();
      for (const h of hosts) {
        this.set({ host: h.host, crawl: 'previous' }, h.previous.articleRatio);
        this.set({ host: h.host, crawl: 'current' }, h.current.articleRatio);
      }
    },
  });
}
