import { parseArgs } from 'node:util';
import { pipelineStatus, type PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { runAudit } from '@ingest/pipeline';
import { ProgressLine } from '../progress.ts';
import { auditDepsOf, formatLost, progressReporter } from './audit.ts';

export const WAIT_HELP = `ingest wait [--timeout SECONDS] [--json]

Shows progress until every queue is drained, then audits (see \`ingest audit\`) and prints a
summary: fetched, indexed, skipped and failed with reasons. Says "done" only when no accepted page
is missing from the index; otherwise lists the lost pages with their last error and exits 1.
Exits 3 when the timeout (default 600 s) passes first.
Examples:
  ingest enqueue https://example.org/ && ingest wait --timeout 120`;

function summaryLine(s: PipelineStatus): string {
  const parts = STAGES.map((st) => {
    const c = s.queues[st] ?? {};
    const pending = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
    return `${st} ${pending} pending/${c.completed ?? 0} done`;
  });
  return parts.join(' | ');
}

export async function waitCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { timeout: { type: 'string' }, json: { type: 'boolean' } } });
  const timeoutS = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`--timeout must be a positive number of seconds, got "${values.timeout}"`, EXIT.usage);
  const { conns } = await openStack(io);
  const progress = new ProgressLine(io.stderr);
  const deadline = Date.now() + timeoutS * 1000;
  try {
    let idleStreak = 0;
    let status = await pipelineStatus(conns.queues, conns.stats);
    // Two idle readings in a row: a stage hands its job to the next between two reads.
    while (idleStreak < 2) {
      if (Date.now() > deadline) {
        progress.done();
        println(io.stderr, `Timed out after ${timeoutS} s with work still queued: ${summaryLine(status)}`);
        return EXIT.timeout;
      }
      progress.update(summaryLine(status));
      await new Promise((r) => setTimeout(r, 300));
      status = await pipelineStatus(conns.queues, conns.stats);
      idleStreak = status.idle ? idleStreak + 1 : 0;
    }
    const audit = await runAudit(auditDepsOf(conns), { onProgress: progressReporter(progress) });
    progress.done();
    const n = (k: string) => status.counters[k] ?? 0;
    const summary = {
      fetched: n('fetch.done') + n('fetch.skipped'),
      indexed: n('index.done'),
      skipped: n('fetch.skipped') + n('extract.skipped'),
      failed: STAGES.reduce((a, st) => a + n(`${st}.failed`), 0),
      reasons: status.recentFailures.filter((f) => f.final).map((f) => ({ url: f.url, stage: f.queue, code: f.code, message: f.message })),
      lost: audit.lost,
      ended: audit.ended,
      lostPages: audit.lostPages,
    };
    if (values.json) println(io.stdout, JSON.stringify(summary, null, 2));
    else {
      const counts = `fetched ${summary.fetched}, indexed ${summary.indexed}, skipped ${summary.skipped}, failed ${summary.failed}`;
      println(io.stdout, audit.lost === 0 ? `done: ${counts}` : `drained, but ${audit.lost} accepted page(s) are not indexed: ${counts}`);
      for (const r of summary.reasons) println(io.stdout, `  ${r.code.padEnd(24)} ${r.url ?? ''}  ${r.message}`);
      if (audit.lost > 0) println(io.stdout, ['lost (re-drive with `ingest audit --repair`):', ...formatLost(audit.lostPages, 20)].join('\n'));
    }
    return audit.lost === 0 ? EXIT.ok : EXIT.failure;
  } finally {
    await conns.close();
  }
}
