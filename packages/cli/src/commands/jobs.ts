import { parseArgs } from 'node:util';
import type { JobView, UrlJobs } from '@ingest/ops';
import { STAGES, type QueueName } from '@ingest/contracts/queues';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';
import { JOBS_HELP } from '../help.ts';

function parseQueue(value: string | undefined): QueueName | undefined {
  if (value === undefined) return undefined;
  if (!(STAGES as readonly string[]).includes(value)) throw new CliError(`--queue must be one of ${STAGES.join(', ')}, got "${value}"`, EXIT.usage);
  return value as QueueName;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError(`--limit must be a whole number from 1 to 1000, got "${value}"`, EXIT.usage);
  return n;
}

function formatJob(j: JobView): string {
  const head = `${j.queue.padEnd(9)}${j.state.padEnd(11)}${`attempts ${j.attemptsMade}`.padEnd(12)}${j.id}`;
  const lines = [head];
  if (j.url) lines.push(`    ${j.url}`);
  if (j.code) lines.push(`    ${j.code}: ${j.failedReason ?? ''}`);
  return lines.join('\n');
}

export async function jobsCommand(args: string[], io: CliIO): Promise<number> {
  const { action, rest } = pickAction(args, ['failed', 'retry', 'find'] as const, JOBS_HELP);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { queue: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } } });
  let queue = parseQueue(values.queue);
  const limit = parseLimit(values.limit);
  const target = positionals[0];
  if (action === 'find' && !target) throw new CliError(`ingest jobs find needs a URL.\n\n${JOBS_HELP}`, EXIT.usage);
  // Job ids start with their stage (`fetch-…`), so `retry ID` needs no --queue.
  if (action === 'retry' && target && !queue) queue = parseQueue(STAGES.find((s) => target.startsWith(`${s}-`)) ?? values.queue);
  if (action === 'retry' && target && !queue) throw new CliError(`Cannot tell the queue of job "${target}"; add --queue (${STAGES.join(', ')}).`, EXIT.usage);

  const backend = await jobsBackend(io);
  const out = (human: string, json: unknown) => println(io.stdout, values.json ? JSON.stringify(json, null, 2) : human);
  try {
    if (action === 'failed') {
      const jobs = await backend.failed(queue, limit);
      out(jobs.length === 0 ? 'No failed jobs.' : `${jobs.map(formatJob).join('\n')}\n\n${jobs.length} failed job(s). Retry with: ingest jobs retry [JOB_ID]`, { jobs });
      return EXIT.ok;
    }
    if (action === 'find') {
      const found = await backend.find(target!);
      out(
        found.jobs.length === 0
          ? `No job for ${found.url} (only the newest completed jobs are kept, JOB_KEEP_COMPLETED per queue; failed ones 7 days).`
          : `${found.url}  (document ${found.documentId})\n${found.jobs.map(formatJob).join('\n')}`,
        found,
      );
      return found.jobs.length === 0 ? EXIT.failure : EXIT.ok;
    }
    if (target) {
      const job = await backend.retry(queue!, target);
      out(`Retrying ${job.queue} job ${job.id}${job.url ? ` (${job.url})` : ''}. Follow with: ingest wait`, job);
      return EXIT.ok;
    }
    const retried = await backend.retryAll(queue);
    const total = Object.values(retried).reduce((a, b) => a + b, 0);
    out(
      `Retrying ${total} failed job(s): ${Object.entries(retried)
        .map(([q, n]) => `${q} ${n}`)
        .join(', ')}. Follow with: ingest wait`,
      { retried },
    );
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}

interface JobsBackend {
  failed(queue: QueueName | undefined, limit: number): Promise<JobView[]>;
  find(url: string): Promise<UrlJobs>;
  retry(queue: QueueName, id: string): Promise<JobView>;
  retryAll(queue: QueueName | undefined): Promise<Record<string, number>>;
  close(): Promise<void>;
}

async function jobsBackend(io: CliIO): Promise<JobsBackend> {
  const api = remoteApi(io);
  if (api) {
    return {
      failed: async (queue, limit) => (await api.json<{ jobs: JobView[] }>('GET', '/api/v1/jobs/failed', { query: { queue, limit } })).jobs,
      // 404 is an answer here (no job for this URL), not an error.
      find: async (url) => {
        const res = await api.request('GET', '/api/v1/jobs', { query: { url }, allow: [404] });
        if (res.status === 404) {
          const { normalizeUrl, documentId } = await import('@ingest/urls');
          const normal = normalizeUrl(url);
          return { url: normal, documentId: documentId(normal), jobs: [] };
        }
        return (await res.json()) as UrlJobs;
      },
      retry: (queue, id) => api.json<JobView>('POST', `/api/v1/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}/retry`),
      retryAll: async (queue) => (await api.json<{ retried: Record<string, number> }>('POST', '/api/v1/jobs/failed/retry', { body: queue ? { queue } : {} })).retried,
      close: async () => {},
    };
  }
  const [{ openStack }, ops] = await Promise.all([import('../context.ts'), import('@ingest/ops')]);
  const { conns } = await openStack(io);
  return {
    failed: (queue, limit) => ops.listFailed(conns.queues, { queue, limit }),
    find: (url) => ops.findJobsByUrl(conns.queues, conns.redis, url),
    retry: (queue, id) =>
      ops.retryJob(conns.queues, queue, id).catch((err: unknown) => {
        throw err instanceof ops.OperatorError ? new CliError(err.message, EXIT.failure) : err;
      }),
    retryAll: (queue) => ops.retryAllFailed(conns.queues, queue),
    close: () => conns.close(),
  };
}
