import { Counter, type Registry } from 'prom-client';
import { STAGES } from '@ingest/contracts';
import type { PipelineStats } from '@ingest/queue';

/** Stage outcome fields (`fetch.done`, `index.dependencyWaits`) as label values in snake case. */
function outcomeLabel(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Series read at scrape time from the Redis counters every process shares (PipelineStats), so
 * they are pipeline-wide: every replica reports the same value; aggregate with max(), not sum().
 * All are monotonic, one unit per family, so they are typed counters (set to the Redis value at
 * scrape) and rate() applies.
 */
export function registerSharedCounters(registry: Registry, stats: PipelineStats, onError: (collector: string) => void): void {
  // One Redis read per scrape, shared by the counters below. When Redis is slow or down the last
  // values are served instead: a failed read must not fail the whole scrape (and with it every
  // process metric), and counters must not drop to zero and back.
  let pending: Promise<Record<string, number>> | null = null;
  let last: Record<string, number> = {};
  const counts = () => {
    pending ??= stats
      .counts()
      .then(
        (c) => (last = c),
        () => {
          onError('shared_counters');
          return last;
        },
      )
      .finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  const stages = new Set<string>(STAGES);
  new Counter({
    name: 'ingest_pipeline_jobs_total',
    help: 'Job outcomes per stage, pipeline-wide (Redis): done, unchanged, removed, skipped, failed (for good), stalled, dependency_waits',
    labelNames: ['stage', 'outcome'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      for (const [field, value] of Object.entries(c)) {
        const dot = field.indexOf('.');
        const stage = field.slice(0, dot);
        if (dot > 0 && stages.has(stage)) this.inc({ stage, outcome: outcomeLabel(field.slice(dot + 1)) }, value);
      }
    },
  });
  const bytes = (name: string, help: string, field: string) =>
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = (await counts())[field] ?? 0;
        this.reset();
        this.inc(value);
      },
    });
  bytes('ingest_archived_bytes_total', 'Bytes of raw responses archived to S3 since the counters were created (pipeline-wide)', 'bytes.archived');
  bytes('ingest_fetched_bytes_total', 'Bytes of response bodies fetched (after decompression), pipeline-wide', 'bytes.fetched');
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
    name: 'ingest_dedupe_template_blocks_learned_total',
    help: 'Blocks learned as part of a site template (pipeline-wide)',
    registers: [registry],
    async collect() {
      const value = (await counts())['dedupe.templateBlocksLearned'] ?? 0;
      this.reset();
      this.inc(value);
    },
  });
  new Counter({
    name: 'ingest_dedupe_documents_total',
    help: 'Documents deduplicated (pipeline-wide): outcome="clustered" joined a near-duplicate cluster, "reprocessed" re-extracted after a template change, "template_only_removed" left with nothing but template',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const c = await counts();
      this.reset();
      this.inc({ outcome: 'clustered' }, c['dedupe.clustered'] ?? 0);
      this.inc({ outcome: 'reprocessed' }, (c['dedupe.pagesReprocessed'] ?? 0) + (c['dedupe.pagesRerunInPlace'] ?? 0));
      this.inc({ outcome: 'template_only_removed' }, c['dedupe.templateOnlyPagesRemoved'] ?? 0);
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
