import { parseArgs } from 'node:util';
import type { AuditDeps, AuditProgress, AuditReport, LostPage, RepairResult } from '@ingest/pipeline';
import type { Connections } from '@ingest/runtime';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { ProgressLine, bar } from '../progress.ts';

export function auditDepsOf(conns: Connections): AuditDeps {
  return { redis: conns.redis, queues: conns.queues, stats: conns.stats, searchIndex: conns.searchIndex, archive: conns.archive };
}

export function progressReporter(progress: ProgressLine): (p: AuditProgress) => void {
  return (p) => progress.update(p.total ? `audit: ${p.phase} ${bar(p.done, p.total)} ${p.done}/${p.total}` : `audit: ${p.phase} ${p.done} read`);
}

/** `total` is the full count when `pages` is already cut short (the API lists up to a limit). */
export function formatLost(pages: readonly LostPage[], limit: number, total = pages.length): string[] {
  const lines = pages.slice(0, limit).map((p) => {
    const err = p.lastError ? `${p.lastError.code} (${p.lastError.queue} ${p.lastError.jobId ?? ''}): ${p.lastError.message}` : 'no job failed: a hand-off was lost';
    return `  ${p.stage.padEnd(7)} ${p.url}\n      ${err}${p.archived === false ? '  [not archived]' : ''}`;
  });
  const shown = Math.min(limit, pages.length);
  if (total > shown) lines.push(`  … and ${total - shown} more (--limit, or --json)`);
  return lines;
}

export function formatAudit(r: AuditReport, limit: number): string {
  const ended =
    Object.entries(r.ended)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none';
  const lines = [
    ...(r.run ? [`run ${r.run.runId ?? '(none yet)'} of source ${r.run.sourceId}:`] : []),
    `accepted ${r.accepted}  indexed ${r.indexed}  pending ${r.pending}  ended ${Object.values(r.ended).reduce((a, b) => a + b, 0)}  lost ${r.lost}  (${r.documents} documents, ${(r.durationMs / 1000).toFixed(1)} s)`,
    `ended by design: ${ended}`,
  ];
  const failed = Object.entries(r.failedJobs).flatMap(([q, codes]) => Object.entries(codes).map(([c, n]) => `${q}/${c} ${n}`));
  if (failed.length > 0) lines.push(`failed jobs: ${failed.join(', ')}`);
  if (r.duplicates.length > 0) lines.push(`URLs with more than one document: ${r.duplicates.length}`);
  if (r.lost > 0) lines.push('', 'lost (accepted, not indexed):', ...formatLost(r.lostPages, limit, r.lost));
  return lines.join('\n');
}

export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { repair: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, source: { type: 'string' }, run: { type: 'string' } } });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new CliError(`--limit must be a whole number, got "${values.limit}"`, EXIT.usage);
  if (values.run && !values.source) throw new CliError('--run names a run of a source: give --source ID too', EXIT.usage);
  if (values.source && values.repair) throw new CliError('--repair re-drives every lost page; run it without --source', EXIT.usage);
  const progress = new ProgressLine(io.stderr);
  const run = values.source ? { sourceId: values.source, runId: values.run } : undefined;
  const { report, repair } = await audit(io, { repair: values.repair === true, limit, progress, run });
  {
    progress.done();
    if (values.json) println(io.stdout, JSON.stringify(repair ? { audit: report, repair } : report, null, 2));
    else {
      println(io.stdout, formatAudit(report, limit));
      if (repair) {
        println(io.stdout, `\nrepair: re-enqueued ${repair.requeued.length} (${countBy(repair.requeued.map((r) => r.queue))}), skipped ${repair.skipped.length}`);
        for (const s of repair.skipped.slice(0, limit)) println(io.stdout, `  skipped ${s.url}: ${s.reason}`);
        if (repair.requeued.length > 0) println(io.stdout, 'Run `ingest wait` to see them through.');
      }
    }
    if (repair) return repair.skipped.length > 0 ? EXIT.failure : EXIT.ok;
    return report.lost > 0 ? EXIT.failure : EXIT.ok;
  }
}

/** An audit (and with `repair` the repair of what it found lost), through the API or on the stack directly. */
export async function audit(
  io: CliIO,
  options: { repair: boolean; limit: number; progress: ProgressLine; run?: { sourceId: string; runId?: string | undefined } | undefined },
): Promise<{ report: AuditReport; repair: RepairResult | null }> {
  const api = remoteApi(io);
  const run = options.run;
  if (api) {
    const scope = run ? { source: run.sourceId, runId: run.runId } : {};
    if (!options.repair) return { report: await api.json<AuditReport>('GET', '/api/v1/audit', { query: { limit: options.limit, ...scope } }), repair: null };
    const r = await api.json<{ audit: AuditReport; repair: RepairResult }>('POST', '/api/v1/audit/repair');
    return { report: r.audit, repair: r.audit.lost > 0 ? r.repair : null };
  }
  const [{ openStack }, { repairLost, runAudit }, ops, { SourceError }] = await Promise.all([import('../context.ts'), import('@ingest/pipeline'), import('@ingest/ops'), import('@ingest/sources')]);
  const { conns } = await openStack(io);
  try {
    const deps = auditDepsOf(conns);
    const scoped = run
      ? await ops.runUrls(conns, run.sourceId, run.runId).catch((err: unknown) => {
          if (err instanceof ops.OperatorError) throw new CliError(`[${err.code}] ${err.message}`, EXIT.failure);
          if (err instanceof SourceError) throw new CliError(`[${err.code}] ${err.message}. ${err.hint}`, EXIT.failure);
          throw err;
        })
      : null;
    const report: AuditReport = await runAudit(deps, { onProgress: progressReporter(options.progress), ...(scoped ? { only: new Set(Object.keys(scoped.outcomes)) } : {}) });
    if (scoped) return { report: { ...report, lostPages: report.lostPages.slice(0, options.limit), run: { sourceId: run!.sourceId, runId: scoped.runId } }, repair: null };
    const repair = options.repair && report.lost > 0 ? await repairLost(deps, report.lostPages, { onProgress: progressReporter(options.progress) }) : null;
    return { report, repair };
  } finally {
    await conns.close();
  }
}

function countBy(items: string[]): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}
