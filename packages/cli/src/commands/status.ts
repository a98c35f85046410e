import { parseArgs } from 'node:util';
import type { FlaggedHost, HostFigures } from '@ingest/extraction-health';
import type { PipelineStatus } from '@ingest/ops';
import { STAGES } from '@ingest/contracts/queues';
import { EXIT, println, type CliIO } from '../io.ts';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiClient, remoteApi } from '../remote.ts';
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
  const flagged = s.extraction?.flaggedHosts ?? [];
  if (flagged.length > 0) lines.push('', ...formatFlaggedHosts(flagged));
  if (s.paused?.length) lines.push('', `paused: ${s.paused.join(', ')}; nothing moves there until: ingest queues resume ${s.paused.length > 1 ? '--all' : s.paused[0]}`);
  lines.push('', s.idle ? 'idle: every queue is drained' : 'working');
  return lines.join('\n');
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const orDash = (x: number | null) => (x === null ? '-' : String(x));

/** Hosts whose extraction shifted since their previous crawl: both crawls' figures and pages to look at. */
function formatFlaggedHosts(hosts: FlaggedHost[]): string[] {
  const lines = [`extraction looks broken on ${hosts.length} host${hosts.length > 1 ? 's' : ''} (figures shifted since the previous crawl; a redesign?):`];
  const row = (label: string, f: HostFigures) =>
    `    ${label.padEnd(9)} ${String(f.pages).padStart(6)} pages  articles ${pct(f.articleRatio).padStart(5)}${f.hadArticle > 0 ? `  still ${f.stillArticle} of ${f.hadArticle} that had one` : ''}  median body ${orDash(f.medianBodyLength).padStart(6)} chars  confidence ${orDash(f.medianConfidence).padStart(5)}  template blocks/page ${f.templateBlocksPerPage}  (${f.generation})`;
  for (const h of hosts) {
    lines.push(`  ${h.host}  ${h.reasons.map((r) => `${r.code.replace(/_/g, ' ')} ${r.previous} -> ${r.current}`).join(', ')}`);
    lines.push(row('previous', h.previous), row('current', h.current));
    for (const e of h.current.examples) lines.push(`    e.g. ${e.url}  ${e.reason === 'no_article' ? 'no article' : `confidence ${e.confidence}, ${e.bodyLength} chars`}`);
  }
  return lines;
}

/**
 * The status from the API of the stack `ingest start` runs in this directory, read from its stack
 * file and key: one HTTP request instead of loading the queue client, which is most of the time a
 * local `status` takes. Null (use Redis directly) when the environment points elsewhere or the
 * API does not answer.
 */
async function statusFromLocalApi(io: CliIO): Promise<{ status: PipelineStatus; prefix: string } | null> {
  if (io.env.REDIS_URL || io.env.QUEUE_PREFIX) return null;
  const dataDir = resolve(io.cwd, io.env.INGEST_DATA_DIR || '.data');
  try {
    const stack = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { apiUrl?: string; queuePrefix?: string };
    const key = io.env.API_KEY || readFileSync(join(dataDir, 'secrets', 'api-key'), 'utf8').trim();
    if (!stack.apiUrl || !stack.queuePrefix || !key) return null;
    return { status: await new ApiClient(stack.apiUrl, key).json<PipelineStatus>('GET', '/api/v1/stats'), prefix: stack.queuePrefix };
  } catch {
    return null;
  }
}

/** The pipeline's status, through the API in remote mode or from Redis directly. */
export async function fetchStatus(io: CliIO): Promise<{ status: PipelineStatus; prefix: string | undefined }> {
  const api = remoteApi(io);
  if (api) return { status: await api.json<PipelineStatus>('GET', '/api/v1/stats'), prefix: undefined };
  const local = await statusFromLocalApi(io);
  if (local) return local;
  const [{ openQueues }, { pipelineStatus }] = await Promise.all([import('../queue-stack.ts'), import('@ingest/ops/status')]);
  const stack = await openQueues(io);
  try {
    return { status: await pipelineStatus(stack.queues, stack.stats, 20, stack.extractionHealth), prefix: stack.queues.prefix };
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
