import type { Redis } from 'ioredis';
import type { Logger } from '@ingest/logger';
import { failureOf, type QueueSet } from '@ingest/queue';
import { SourceRegistry, type SourceState } from '@ingest/sources';
import { jobsOf, PENDING_STATES } from '../audit/collect.ts';
import { runIdOf } from '../discover/run-id.ts';
import type { PipelineEvents } from '../events.ts';

export interface RunWatchDeps {
  redis: Redis;
  queues: QueueSet;
  events: PipelineEvents;
  log: Logger;
  intervalMs: number;
}

export interface RunWatch {
  /** One pass now (tests, and the timer). */
  check(): Promise<void>;
  close(): Promise<void>;
}

type Verdict = { failed: boolean; code: string | null; reason: string | null } | null;

const runFields = (s: SourceState) => ({ found: s.found, fetched: s.fetched, unchanged: s.unchanged, removed: s.removed, failed: s.failed });
const settledCount = (s: SourceState) => s.fetched + s.unchanged + s.removed + s.failed;

/**
 * Decides when a source run is over, for crawl.completed / crawl.failed: discovery finished, every
 * URL it found has a final fetch outcome, and no discover, fetch or extract job of the run is
 * pending (a crawl's extract jobs add the links they find; render jobs hand pages to extract). The counts are read before and after
 * the queue scan and must agree, so a job that hands over between the reads is not missed.
 * Documents still in index then are announced by their own document events.
 */
async function verdictOf(deps: RunWatchDeps, registry: SourceRegistry, sourceId: string, before: SourceState): Promise<Verdict> {
  const runId = before.runId!;
  if (!before.lastDiscoveredAt) {
    // No discovery yet: still running, or its discover job failed for good (failed state is final in BullMQ).
    for await (const { job } of jobsOf(deps.queues.queues.discover, ['failed'], 200)) {
      if (job.id && job.data.sourceId === sourceId && runIdOf(job.id) === runId) {
        const failure = failureOf(job);
        return { failed: true, code: failure?.code ?? null, reason: failure?.message ?? null };
      }
    }
    return null;
  }
  if (settledCount(before) < before.found) return null;
  for (const queue of [deps.queues.queues.discover, deps.queues.queues.fetch, deps.queues.queues.render, deps.queues.queues.extract]) {
    for await (const { job } of jobsOf(queue, PENDING_STATES, 500)) {
      if ((job.data as { runId?: string; sourceId?: string }).runId === runId) return null;
    }
  }
  const after = await registry.state(sourceId);
  if (after.runId !== runId || JSON.stringify(runFields(after)) !== JSON.stringify(runFields(before))) return null;
  const failed = before.found > 0 && before.failed === before.found;
  return { failed, code: null, reason: failed ? 'every URL of the run failed' : null };
}

/** Runs in the API process (one per deployment kind); a Redis hash records the runs announced, so replicas and restarts announce each once. */
export function startRunWatch(deps: RunWatchDeps): RunWatch {
  const registry = new SourceRegistry(deps.redis, deps.queues);
  const announced = `${deps.queues.prefix}:webhooks:runs-announced`;
  let running: Promise<void> | null = null;
  let closed = false;

  const pass = async () => {
    if (!(await deps.events.active())) return;
    for (const { source, state } of await registry.list()) {
      if (!state.runId || (await deps.redis.hget(announced, source.id)) === state.runId) continue;
      const verdict = await verdictOf(deps, registry, source.id, state);
      if (!verdict) continue;
      await deps.events.emit({
        type: verdict.failed ? 'crawl.failed' : 'crawl.completed',
        key: `run:${source.id}:${state.runId}`,
        sourceId: source.id,
        data: { sourceId: source.id, kind: source.kind, runId: state.runId, startedAt: state.lastRunAt, ...runFields(state), code: verdict.code, reason: verdict.reason },
      });
      await deps.redis.hset(announced, source.id, state.runId);
    }
  };
  const check = () => {
    running ??= pass()
      .catch((err: unknown) => deps.log.warn({ err }, 'checking source runs for webhooks failed; retried next interval'))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    if (!closed) void check();
  }, deps.intervalMs);
  timer.unref();
  return {
    check,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
