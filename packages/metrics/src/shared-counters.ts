import { Counter, Gauge, type Registry } from 'prom-client';
import type { PipelineStats } from '@ingest/queue';

/**
 * Series read at scrape time from the Redis counters every process shares (PipelineStats), so
 * they are pipeline-wide: every replica reports the same value; aggregate with max(), not sum().
 * The monotonic ones are typed counters (set to the Redis value at scrape), so rate() applies.
 */
export function registerSharedCounters(registry: Registry, stats: PipelineStats): void {
  // One Redis read per scrape, shared by the gauges below.
  let pending: Promise<Record<string, number>> | null = null;
  const counts = () => {
    pending ??= stats.counts().finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  new Gauge({
    name: 'ingest_pipeline_events',
    help: 'Pipeline-wide counters shared by all processes (Redis): outcomes per stage, bytes, blocks removed',
    labelNames: ['event'],
    registers: [registry],
    async collect() {
      for (const [event, value] of Object.entries(await counts())) this.set({ event }, value);
    },
  });
  new Counter({
    name: 'ingest_archived_bytes_total',
    help: 'Bytes of raw responses archived to S3 since the counters were created (pipeline-wide)',
    registers: [registry],
    async collect() {
      const value = (await counts())['bytes.archived'] ?? 0;
      this.reset();
      this.inc(value);
    },
  });
  new Counter({
    name: 'ingest_dedupe_blocks_removed_total',
    help: 'Boilerplate blocks removed by extraction (pipeline-wide): kind="in_page" repeated teasers, kind="template" learned per-host templates',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      this.inc({ kind: 'in_page' }, c['blocks.removedInPage'] ?? 0);
      this.inc({ kind: 'template' }, c['blocks.removedByTemplate'] ?? 0);
    },
  });
  new Counter({
    name: 'ingest_dedupe_documents_total',
    help: 'Documents deduplicated (pipeline-wide): outcome="clustered" joined a near-duplicate cluster, "reprocessed" re-extracted after a template change',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      this.inc({ outcome: 'clustered' }, c['dedupe.clustered'] ?? 0);
      this.inc({ outcome: 'reprocessed' }, (c['dedupe.pagesReprocessed'] ?? 0) + (c['dedupe.pagesRerunInPlace'] ?? 0));
    },
  });
  new Counter({
    name: 'ingest_render_pages_total',
    help: 'Pages through the render stage (pipeline-wide): outcome="rendered" in the browser, "plain_sufficed" the plain page had its article (auto), "unchanged" rendered needlessly (auto: the browser added nothing)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      this.inc({ outcome: 'rendered' }, c['render.rendered'] ?? 0);
      this.inc({ outcome: 'plain_sufficed' }, c['render.plainSufficed'] ?? 0);
      this.inc({ outcome: 'unchanged' }, c['render.unchanged'] ?? 0);
    },
  });
  new Counter({
    name: 'ingest_render_decisions_total',
    help: 'URL patterns (per source and host) whose auto-render verdict was learned (pipeline-wide): decision="render" or "plain"; per-pattern detail in `ingest sources show`',
    labelNames: ['decision'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      this.inc({ decision: 'render' }, c['render.decided.render'] ?? 0);
      this.inc({ decision: 'plain' }, c['render.decided.plain'] ?? 0);
    },
  });
}
