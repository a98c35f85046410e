import { parseArgs } from 'node:util';
import { drainQueue, pauseQueue, queueOverview, resumeQueue, type QueueOverview } from '@ingest/ops';
import { STAGES, type QueueName } from '@ingest/contracts';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';

export const QUEUES_HELP = `ingest queues [list] [--json]
ingest queues pause|resume QUEUE|--all [--json]
ingest queues drain QUEUE [--delayed] --yes [--json]

  list     every queue: paused or running, job counts per state
  pause    stop every worker process of the stage from taking new jobs (active jobs finish)
  resume   let the workers take jobs again
  drain    delete the waiting jobs (and with --delayed the delayed ones); needs --yes
Queues: ${STAGES.join(', ')}.
Examples:
  ingest queues
  ingest queues pause fetch
  ingest queues resume --all
  ingest queues drain fetch --yes`;

function formatQueues(queues: QueueOverview[]): string {
  const cols = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
  const lines = [`${'queue'.padEnd(10)}${'status'.padEnd(9)}${cols.map((c) => c.padStart(11)).join('')}`];
  for (const q of queues) lines.push(`${q.name.padEnd(10)}${(q.paused ? 'paused' : 'running').padEnd(9)}${cols.map((c) => String(q.counts[c] ?? 0).padStart(11)).join('')}`);
  return lines.join('\n');
}

function parseQueues(positionals: string[], all: boolean | undefined, action: string): QueueName[] {
  if (all) return [...STAGES];
  const names = positionals.filter(Boolean);
  if (names.length === 0) throw new CliError(`ingest queues ${action} needs a QUEUE (${STAGES.join(', ')})${action === 'drain' ? '' : ' or --all'}.\n\n${QUEUES_HELP}`, EXIT.usage);
  for (const n of names) if (!(STAGES as readonly string[]).includes(n)) throw new CliError(`Unknown queue "${n}"; expected one of ${STAGES.join(', ')}.`, EXIT.usage);
  return names as QueueName[];
}

export async function queuesCommand(args: string[], io: CliIO): Promise<number> {
  const { action, rest } = pickAction(args, ['list', 'pause', 'resume', 'drain'] as const, QUEUES_HELP, 'list');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { all: { type: 'boolean' }, delayed: { type: 'boolean' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const names = action === 'list' ? [] : parseQueues(positionals, action === 'drain' ? false : values.all, action);
  if (action === 'drain' && !values.yes) throw new CliError(`Draining deletes the waiting jobs of ${names.join(', ')}; add --yes to confirm.`, EXIT.usage);

  const { conns } = await openStack(io);
  try {
    if (action === 'list') {
      const queues = await queueOverview(conns.queues);
      println(io.stdout, values.json ? JSON.stringify({ queues }, null, 2) : formatQueues(queues));
      return EXIT.ok;
    }
    const results: unknown[] = [];
    for (const name of names) {
      if (action === 'pause') results.push(await pauseQueue(conns.queues, name));
      else if (action === 'resume') results.push(await resumeQueue(conns.queues, name));
      else {
        const drained = await drainQueue(conns.queues, name, { delayed: values.delayed === true });
        results.push(drained);
        if (!values.json) println(io.stdout, `${name}: removed ${drained.removed} job(s)`);
      }
    }
    if (values.json) println(io.stdout, JSON.stringify(results, null, 2));
    else if (action !== 'drain') println(io.stdout, `${action === 'pause' ? 'Paused' : 'Resumed'}: ${names.join(', ')}\n\n${formatQueues(await queueOverview(conns.queues))}`);
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
