import { parseArgs } from 'node:util';
import { pipelineStatus, type PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts';
import { openStack } from '../context.ts';
import { EXIT, println, type CliIO } from '../io.ts';

export const STATUS_HELP = `ingest status [--json]

Queue counts per stage, pipeline counters and the most recent failures with their reasons.
Exits 1 when no stack answers.
Examples:
  ingest status
  ingest status --json | jq .queues`;

export function formatStatus(s: PipelineStatus): string {
  const cols = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
  const lines = [`${'stage'.padEnd(9)}${cols.map((c) => c.padStart(11)).join('')}`];
  for (const stage of STAGES) {
    const c = s.queues[stage] ?? {};
    lines.push(`${stage.padEnd(9)}${cols.map((k) => String(c[k] ?? 0).padStart(11)).join('')}`);
  }
  const n = (k: string) => s.counters[k] ?? 0;
  lines.push('');
  lines.push(
    `fetched ${n('fetch.done')}  extracted ${n('extract.done')}  indexed ${n('index.done')}  skipped ${n('fetch.skipped') + n('extract.skipped')}  failed ${STAGES.reduce((a, st) => a + n(`${st}.failed`), 0)}`,
  );
  if (s.recentFailures.length > 0) {
    lines.push('', 'recent failures and skips:');
    for (const f of s.recentFailures) lines.push(`  ${f.at}  ${f.queue.padEnd(7)} ${f.code.padEnd(24)} ${f.url ?? f.jobId}${f.final ? '' : '  (will retry)'}\n      ${f.message}`);
  }
  lines.push('', s.idle ? 'idle: every queue is drained' : 'working');
  return lines.join('\n');
}

export async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const { conns } = await openStack(io);
  try {
    const status = await pipelineStatus(conns.queues, conns.stats);
    println(io.stdout, values.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
