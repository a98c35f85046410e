import { parseArgs } from 'node:util';
import type { PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts/queues';
import { EXIT, println, type CliIO } from '../io.ts';
import { remoteApi } from '../remote.ts';
import { readSession, sessionTarget, since, type Session } from '../session.ts';

export function formatStatus(s: PipelineStatus, session: Session | null = null): string {
  const cols = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
  const lines = [`${'stage'.padEnd(9)}${cols.map((c) => c.padStart(11)).join('')}${'  status'}`];
  for (const stage of STAGES) {
    const c = s.queues[stage] ?? {};
    lines.push(`${stage.padEnd(9)}${cols.map((k) => String(c[k] ?? 0).padStart(11)).join('')}  ${s.paused?.includes(stage) ? 'PAUSED' : ''}`.trimEnd());
  }
  const counters = since(s.counters, session);
  const n = (k: string) => counters[k] ?? 0;
  lines.push('');
  lines.push(
    `${session ? `since you started (${session.startedAt}): ` : ''}fetched ${n('fetch.done')}  extracted ${n('extract.done')}  indexed ${n('index.done')}  skipped ${n('fetch.skipped') + n('extract.skipped')}  failed ${STAGES.reduce((a, st) => a + n(`${st}.failed`), 0)}`,
  );
  if (s.recentFailures.length > 0) {
    lines.push('', 'recent failures and skips:');
    for (const f of s.recentFailures) lines.push(`  ${f.at}  ${f.queue.padEnd(7)} ${f.code.padEnd(24)} ${f.url ?? f.jobId}${f.final ? '' : '  (will retry)'}\n      ${f.message}`);
  }
  if (s.paused?.length) lines.push('', `paused: ${s.paused.join(', ')}; nothing moves there until: ingest queues resume ${s.paused.length > 1 ? '--all' : s.paused[0]}`);
  lines.push('', s.idle ? 'idle: every queue is drained' : 'working');
  return lines.join('\n');
}

/** The pipeline's status, through the API in remote mode or from Redis directly. */
export async function fetchStatus(io: CliIO): Promise<{ status: PipelineStatus; prefix: string | undefined }> {
  const api = remoteApi(io);
  if (api) return { status: await api.json<PipelineStatus>('GET', '/api/v1/stats'), prefix: undefined };
  const [{ openQueues }, { pipelineStatus }] = await Promise.all([import('../queue-stack.ts'), import('@ingest/ops/status')]);
  const stack = await openQueues(io);
  try {
    return { status: await pipelineStatus(stack.queues, stack.stats), prefix: stack.queues.prefix };
  } finally {
    await stack.close();
  }
}

export async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, all: { type: 'boolean' } } });
  const { status, prefix } = await fetchStatus(io);
  const session = values.all ? null : readSession(io, sessionTarget(io, prefix));
  if (values.json) println(io.stdout, JSON.stringify(session ? { ...status, session: { startedAt: session.startedAt, counters: since(status.counters, session) } } : status, null, 2));
  else println(io.stdout, formatStatus(status, session));
  return EXIT.ok;
}
