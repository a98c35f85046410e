import { parseArgs } from 'node:util';
import { OperatorError, findJobsByUrl, listFailed, retryAllFailed, retryJob, type JobView } from '@ingest/ops';
import { STAGES, type QueueName } from '@ingest/contracts';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { pickAction } from './subcommand.ts';

export const JOBS_HELP = `ingest jobs failed [--queue Q] [--limit N] [--json]
ingest jobs retry [JOB_ID] [--queue Q] [--json]
ingest jobs find URL [--json]

  failed   failed jobs with their reasons, newest first (default limit 50)
  retry    retry one failed job by id, or every failed job (of --queue, or all queues)
  find     a URL's jobs in every stage: state, attempts and failure reason
Queues: ${STAGES.join(', ')}. Exits 1 when find finds nothing or the job to retry does not exist or is not failed.
Examples:
  ingest jobs failed --queue fetch
  ingest jobs find https://example.org/news/story.html
  ingest jobs retry fetch-51a8c39e47cd00d465d11ded91584342
  ingest jobs retry --queue extract`;

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
  if (j.failedReason) lines.push(`    ${j.failedReason}`);
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

  const { conns } = await openStack(io);
  const out = (human: string, json: unknown) => println(io.stdout, values.json ? JSON.stringify(json, null, 2) : human);
  try {
    if (action === 'failed') {
      const jobs = await listFailed(conns.queues, { queue, limit });
      out(jobs.length === 0 ? 'No failed jobs.' : `${jobs.map(formatJob).join('\n')}\n\n${jobs.length} failed job(s). Retry with: ingest jobs retry [JOB_ID]`, { jobs });
      return EXIT.ok;
    }
    if (action === 'find') {
      const found = await findJobsByUrl(conns.queues, conns.redis, target!);
      out(
        found.jobs.length === 0
          ? `No job for ${found.url} (only the newest completed jobs are kept, JOB_KEEP_COMPLETED per queue; failed ones 7 days).`
          : `${found.url}  (document ${found.documentId})\n${found.jobs.map(formatJob).join('\n')}`,
        found,
      );
      return found.jobs.length === 0 ? EXIT.failure : EXIT.ok;
    }
    if (target) {
      const job = await retryJob(conns.queues, queue!, target).catch((err: unknown) => {
        throw err instanceof OperatorError ? new CliError(err.message, EXIT.failure) : err;
      });
      out(`Retrying ${job.queue} job ${job.id}${job.url ? ` (${job.url})` : ''}. Follow with: ingest wait`, job);
      return EXIT.ok;
    }
    const retried = await retryAllFailed(conns.queues, queue);
    const total = Object.values(retried).reduce((a, b) => a + b, 0);
    out(
      `Retrying ${total} failed job(s): ${Object.entries(retried)
        .map(([q, n]) => `${q} ${n}`)
        .join(', ')}. Follow with: ingest wait`,
      { retried },
    );
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
