import { parseArgs } from 'node:util';
import type { QueueOverview } from '@ingest/ops';
import { STAGES, type QueueName } from '@ingest/contracts/queues';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';
import { QUEUES_HELP } from '../help.ts';

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

  const backend = await queuesBackend(io);
  try {
    if (action === 'list') {
      const queues = await backend.list();
      println(io.stdout, values.json ? JSON.stringify({ queues }, null, 2) : formatQueues(queues));
      return EXIT.ok;
    }
    const results: unknown[] = [];
    for (const name of names) {
      if (action === 'pause' || action === 'resume') results.push(await backend[action](name));
      else {
        const drained = await backend.drain(name, values.delayed === true);
        results.push(drained);
        if (!values.json) println(io.stdout, `${name}: removed ${drained.removed} job(s)`);
      }
    }
    if (values.json) println(io.stdout, JSON.stringify(results, null, 2));
    else if (action !== 'drain') println(io.stdout, `${action === 'pause' ? 'Paused' : 'Resumed'}: ${names.join(', ')}\n\n${formatQueues(await backend.list())}`);
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}

interface QueuesBackend {
  list(): Promise<QueueOverview[]>;
  pause(name: QueueName): Promise<QueueOverview>;
  resume(name: QueueName): Promise<QueueOverview>;
  drain(name: QueueName, delayed: boolean): Promise<{ removed: number; queue: QueueOverview }>;
  close(): Promise<void>;
}

async function queuesBackend(io: CliIO): Promise<QueuesBackend> {
  const api = remoteApi(io);
  if (api) {
    const path = (name: QueueName, verb: string) => `/api/v1/queues/${encodeURIComponent(name)}/${verb}`;
    return {
      list: async () => (await api.json<{ queues: QueueOverview[] }>('GET', '/api/v1/queues')).queues,
      pause: (name) => api.json('POST', path(name, 'pause')),
      resume: (name) => api.json('POST', path(name, 'resume')),
      drain: (name, delayed) => api.json('POST', path(name, 'drain'), { body: { delayed } }),
      close: async () => {},
    };
  }
  const [{ openStack }, ops] = await Promise.all([import('../context.ts'), import('@ingest/ops')]);
  const { conns } = await openStack(io);
  return {
    list: () => ops.queueOverview(conns.queues),
    pause: (name) => ops.pauseQueue(conns.queues, name),
    resume: (name) => ops.resumeQueue(conns.queues, name),
    drain: (name, delayed) => ops.drainQueue(conns.queues, name, { delayed }),
    close: () => conns.close(),
  };
}
