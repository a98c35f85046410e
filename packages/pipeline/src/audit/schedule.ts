import type { Logger } from '@ingest/logger';
import { runAudit, type AuditDeps, type AuditReport } from './audit.ts';

export interface AuditSchedule {
  /** The latest report this process or another stored (summary, first 100 lost pages). */
  last(): Promise<AuditReport | null>;
  close(): Promise<void>;
}

const LOST_KEPT = 100;

function lastAuditKey(prefix: string): string {
  return `${prefix}:audit:last`;
}

/** The latest periodic report (any process's), or null before the first round. */
export async function lastAuditReport(deps: Pick<AuditDeps, 'redis' | 'queues'>): Promise<AuditReport | null> {
  const raw = await deps.redis.get(lastAuditKey(deps.queues.prefix));
  return raw ? (JSON.parse(raw) as AuditReport) : null;
}

/**
 * Audits every `intervalMs` in the background. A Redis lock lets one process of many run each
 * round; the report is kept in Redis for `GET /api/v1/audit?cached=true` and lost pages are logged.
 */
export function startAuditSchedule(deps: AuditDeps, intervalMs: number, log: Logger): AuditSchedule {
  const key = lastAuditKey(deps.queues.prefix);
  const lock = `${deps.queues.prefix}:audit:lock`;
  let running: Promise<void> | null = null;
  const round = async () => {
    const got = await deps.redis.set(lock, String(process.pid), 'PX', Math.max(1_000, intervalMs - 1_000), 'NX');
    if (got !== 'OK') return;
    const report = await runAudit(deps);
    await deps.redis.set(key, JSON.stringify({ ...report, lostPages: report.lostPages.slice(0, LOST_KEPT) }));
    if (report.lost > 0)
      log.warn(
        { lost: report.lost, pending: report.pending, sample: report.lostPages.slice(0, 5).map((p) => ({ url: p.url, stage: p.stage, code: p.lastError?.code ?? null })) },
        'audit: pages accepted but not indexed (ingest audit --repair re-drives them)',
      );
    else log.info({ accepted: report.accepted, indexed: report.indexed, pending: report.pending, ended: report.ended }, 'audit: nothing lost');
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          running ??= round()
            .catch((err: unknown) => log.warn({ err }, 'audit round failed; retried next interval'))
            .finally(() => (running = null));
        }, intervalMs)
      : null;
  timer?.unref();
  return {
    last: () => lastAuditReport(deps),
    async close() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
