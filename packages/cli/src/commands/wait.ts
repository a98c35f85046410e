import { parseArgs } from 'node:util';
import { pipelineStatus, type PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { ProgressLine } from '../progress.ts';

export const WAIT_HELP = `ingest wait [--timeout SECONDS] [--json]

Shows progress until every queue is drained, then a summary: fetched, indexed, skipped and failed
with reasons. Exits 3 when the timeout (default 600 s) passes first.
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
    progress.done();
    const n = (k: string) => status.counters[k] ?? 0;
    const summary = {
      fetched: n('fetch.done') + n('fetch.skipped'),
      indexed: n('index.done'),
      skipped: n('fetch.skipped') + n('extract.skipped'),
      failed: STAGES.reduce((a, st) => a + n(`${st}.failed`), 0),
      reasons: status.recentFailures.filter((f) => f.final).map((f) => ({ url: f.url, stage: f.queue, code: f.code, message: f.message })),
    };
    if (values.json) println(io.stdout, JSON.stringify(summary, null, 2));
    else {
      println(io.stdout, `done: fetched ${summary.fetched}, indexed ${summary.indexed}, skipped ${summary.skipped}, failed ${summary.failed}`);
      for (const r of summary.reasons) println(io.stdout, `  ${r.code.padEnd(24)} ${r.url ?? ''}  ${r.message}`);
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
