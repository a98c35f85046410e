import { parseArgs } from 'node:util';
import type { PatternView, SiteDiscovery, SourceDefinition, SourceFailure, SourceInput, SourceState, SourceView } from '@ingest/sources';
import { remoteApi } from '../remote.ts';
import { beginSession, sessionTarget } from '../session.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { SOURCES_HELP } from '../help.ts';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A bare number has no unit an operator would agree on (seconds? milliseconds?), so a unit is required. */
export function parseDuration(value: string): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) throw new CliError(`--every ${v} has no unit: write ${v}s, ${v}m, ${v}h or ${v}d (seconds, minutes, hours, days)`, EXIT.usage);
  const m = /^(\d+)\s*([smhd])$/.exec(v);
  if (!m) throw new CliError(`--every must look like 30s, 30m, 6h or 1d, got "${value}"`, EXIT.usage);
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  if (ms < 1_000) throw new CliError(`--every must be at least 1s, got "${value}"`, EXIT.usage);
  return ms;
}

function durationText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a whole number, got "${value}"`, EXIT.usage);
  return n;
}

const OPTIONS = {
  kind: { type: 'string' },
  every: { type: 'string' },
  cron: { type: 'string' },
  'max-urls': { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-pages': { type: 'string' },
  'max-depth': { type: 'string' },
  scope: { type: 'string' },
  prefix: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  render: { type: 'string' },
  screenshots: { type: 'boolean' },
  'no-run': { type: 'boolean' },
  json: { type: 'boolean' },
  add: { type: 'boolean' },
  adaptive: { type: 'string' },
  run: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

function sourceInput(id: string, urls: string[], v: Values): SourceInput {
  if (!v.kind) throw new CliError('--kind is required (url, sitemap, feed or crawl)', EXIT.usage);
  if (v.every && v.cron) throw new CliError('Give --every or --cron, not both', EXIT.usage);
  const maxUrls = wholeNumber(v['max-urls'], '--max-urls');
  const maxBytes = wholeNumber(v['max-bytes'], '--max-bytes');
  const input: Record<string, unknown> = { id, kind: v.kind, urls };
  if (v.render !== undefined) {
    if (!['never', 'auto', 'always'].includes(v.render)) throw new CliError(`--render must be never, auto or always, got "${v.render}"`, EXIT.usage);
    input.render = v.render;
  }
  if (v.screenshots) input.screenshots = true;
  if (v.every) input.schedule = { every: parseDuration(v.every) };
  if (v.cron) input.schedule = { pattern: v.cron };
  if (v.adaptive !== undefined) {
    const m = /^(.+)\.\.(.+)$/.exec(v.adaptive);
    if (!m) throw new CliError(`--adaptive takes the interval bounds as MIN..MAX, e.g. 1h..7d; got "${v.adaptive}"`, EXIT.usage);
    input.adaptive = { minIntervalMs: parseDuration(m[1]!), maxIntervalMs: parseDuration(m[2]!) };
  }
  if (maxUrls !== undefined || maxBytes !== undefined) input.limits = { ...(maxUrls !== undefined ? { maxUrls } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
  if (v.kind === 'crawl') {
    input.crawl = {
      ...(v['max-pages'] ? { maxPages: wholeNumber(v['max-pages'], '--max-pages') } : {}),
      ...(v['max-depth'] ? { maxDepth: wholeNumber(v['max-depth'], '--max-depth') } : {}),
      ...(v.scope ? { mode: v.scope } : {}),
      ...(v.prefix ? { pathPrefixes: v.prefix } : {}),
      ...(v.include ? { include: v.include } : {}),
      ...(v.exclude ? { exclude: v.exclude } : {}),
    };
  }
  return input as SourceInput;
}

function scheduleText(s: SourceDefinition): string {
  if (!s.schedule) return 'manual';
  return 'every' in s.schedule ? `every ${durationText(s.schedule.every)}` : `cron ${s.schedule.pattern}`;
}

function stateLine(st: SourceState): string {
  if (!st.lastRunAt) return 'never run';
  return `last run ${st.lastRunAt}${st.runId ? ` (run ${st.runId})` : ''}: found ${st.found}, fetched ${st.fetched}, unchanged ${st.unchanged + st.notModifiedSinceLastRun}, removed ${st.removed}, failed ${st.failed}`;
}

function renderLines(source: SourceDefinition, learned: PatternView[]): string[] {
  const mode = source.render ?? 'never';
  if (mode === 'never') return [];
  const head = `render ${mode}${source.screenshots ? ', screenshots' : ''}${mode === 'auto' ? (learned.length === 0 ? '; nothing learned yet' : '; learned per URL pattern:') : ''}`;
  if (mode !== 'auto') return [head];
  return [head, ...learned.map((p) => `  ${p.decision.padEnd(8)} ${p.pattern}  (plain sufficed ${p.plainOk}, rendered ${p.rendered}, changed by rendering ${p.changed})`)];
}

function listLine({ source, state }: SourceView): string {
  return `${source.id.padEnd(20)} ${source.kind.padEnd(8)} ${(source.paused ? 'paused' : scheduleText(source)).padEnd(16)} ${stateLine(state)}`;
}

export async function sourcesCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const [action, id, ...urls] = positionals;
  const actions = ['add', 'list', 'show', 'documents', 'schedule', 'pause', 'resume', 'remove', 'run', 'discover'];
  if (!action || !actions.includes(action)) throw new CliError(`Expected one of: ${actions.join(', ')}.\n\n${SOURCES_HELP}`, EXIT.usage);
  if (action !== 'list' && !id) throw new CliError(`ingest sources ${action} needs ${action === 'discover' ? 'a URL' : 'a source id'}`, EXIT.usage);
  if (action === 'discover' && !/^https?:\/\//i.test(id!)) throw new CliError(`ingest sources discover needs an http(s) URL, got "${id}"`, EXIT.usage);
  if (action === 'documents') {
    const { sourceDocuments } = await import('./source-documents.ts');
    const limit = wholeNumber(values.limit, '--limit') ?? 50;
    if (limit < 1 || limit > 500) throw new CliError(`--limit must be between 1 and 500, got ${limit}`, EXIT.usage);
    return sourceDocuments(io, id!, { runId: values.run, limit, offset: wholeNumber(values.offset, '--offset') ?? 0 }, values.json === true);
  }
  const every = values.every ? parseDuration(values.every) : undefined;
  const input = action === 'add' ? sourceInput(id!, urls, values) : null;
  if (action === 'add' && urls.length === 0) throw new CliError('ingest sources add needs at least one URL', EXIT.usage);

  const registry = await sourcesBackend(io);
  const out = (human: string, data: unknown) => println(io.stdout, values.json ? JSON.stringify(data, null, 2) : human);
  try {
    switch (action) {
      case 'add': {
        const source = await registry.add(input!);
        // A scheduler with `every` starts its first run at once: running it by hand too would run it twice.
        const runsItself = source.schedule !== undefined && 'every' in source.schedule && !source.paused;
        if (!values['no-run']) await registry.beginSession();
        const runJob = values['no-run'] || runsItself ? null : await registry.runNow(source.id);
        out(
          `source ${source.id} (${source.kind}, ${scheduleText(source)}) registered${runJob ? `; first run enqueued (job ${runJob}). Follow with: ingest sources show ${source.id}` : runsItself && !values['no-run'] ? `; its schedule starts the first run now. Follow with: ingest sources show ${source.id}` : ''}`,
          {
            source,
            runJob,
          },
        );
        break;
      }
      case 'list': {
        const all = await registry.list();
        out(all.length === 0 ? 'no sources; add one with: ingest sources add ID --kind sitemap URL' : all.map(listLine).join('\n'), all);
        break;
      }
      case 'show': {
        const { source, state, failures, render: learned } = await registry.show(id!);
        const retryable = failures.filter((f) => f.jobId);
        const sourceLevel = failures.filter((f) => !f.jobId);
        const lines = [
          `${source.id}: ${source.kind}, ${source.paused ? 'paused' : scheduleText(source)}, created ${source.createdAt}`,
          ...source.urls.map((u) => `  ${u}`),
          stateLine(state),
          ...renderLines(source, learned),
          `runs ${state.runs}; totals: ${
            Object.entries(state.totals)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'none'
          }`,
          ...(retryable.length > 0
            ? ['', `failed pages (${retryable.length}; retry with: ingest retry --source ${source.id}):`, ...retryable.map((f) => `  ${f.code.padEnd(22)} ${f.url}\n      ${f.message}`)]
            : []),
          ...(sourceLevel.length > 0
            ? [
                '',
                `source failures (${sourceLevel.length}; no job to retry: fix the source, then run it again with: ingest sources run ${source.id}):`,
                ...sourceLevel.map((f) => `  ${f.code.padEnd(22)} ${f.url}\n      ${f.message}`),
              ]
            : []),
        ];
        out(lines.join('\n'), { source, state, failures, render: learned });
        break;
      }
      case 'schedule': {
        const sched = await registry.recrawl(id!);
        const lines = !sched.adaptive
          ? [`source ${sched.id} has no adaptive recrawl (add it with --adaptive MIN..MAX); every run fetches every URL`]
          : [
              `${sched.id}: adaptive recrawl between ${durationText(sched.adaptive.minIntervalMs)} and ${durationText(sched.adaptive.maxIntervalMs)}; soonest due first`,
              ...sched.entries.map((e) => `  due ${e.nextDueAt}  every ${durationText(e.intervalMs).padEnd(5)} changed ${e.changes}/${e.checks}  ${e.url}`),
            ];
        out(lines.join('\n'), sched);
        break;
      }
      case 'pause':
      case 'resume': {
        const source = action === 'pause' ? await registry.pause(id!) : await registry.resume(id!);
        out(`source ${source.id} ${source.paused ? 'paused: its schedule is removed and queued runs are skipped' : `resumed (${scheduleText(source)})`}`, { source });
        break;
      }
      case 'remove':
        await registry.remove(id!);
        out(`source ${id} removed with its schedule and state`, { removed: id });
        break;
      case 'discover': {
        const found = await registry.discover(id!);
        const offers = [...found.feeds, ...found.sitemaps].map((d) => ({ ...d, id: d.source.id }));
        const added: string[] = [];
        if (values.add) {
          for (const o of offers) {
            const source = await registry.add({ id: o.id, kind: o.kind, urls: [o.url], ...(every ? { schedule: { every } } : {}) });
            added.push(source.id);
            if (!values['no-run']) await registry.runNow(source.id);
          }
        }
        const describe = (o: (typeof offers)[number]) =>
          `  ${o.kind.padEnd(8)} ${o.url}  (${o.format}, ${o.entries} entries${o.news ? ', Google News' : ''}; from ${o.via}${o.title ? `; "${o.title}"` : ''})\n` +
          `           ${values.add ? `registered as ${o.id}` : `ingest sources add ${o.id} --kind ${o.kind}${values.every ? ` --every ${values.every}` : ''} ${o.url}`}`;
        const lines = [
          `${found.url}: ${found.feeds.length} feeds, ${found.sitemaps.length} sitemaps`,
          ...offers.map(describe),
          ...(found.problems.length > 0 ? ['declared but not usable:', ...found.problems.map((p) => `  ${p.url} (from ${p.via}): ${p.message}`)] : []),
        ];
        out(lines.join('\n'), { ...found, added });
        break;
      }
      case 'run': {
        await registry.beginSession();
        const job = await registry.runNow(id!);
        out(`run of ${id} enqueued (job ${job}). Follow with: ingest wait && ingest sources show ${id}`, { job });
        break;
      }
    }
    return EXIT.ok;
  } finally {
    await registry.close();
  }
}

type Discovered = Omit<SiteDiscovery, 'feeds' | 'sitemaps'> & {
  feeds: (SiteDiscovery['feeds'][number] & { source: { id: string } })[];
  sitemaps: (SiteDiscovery['sitemaps'][number] & { source: { id: string } })[];
};

interface RecrawlView {
  id: string;
  adaptive: { minIntervalMs: number; maxIntervalMs: number } | null;
  entries: { url: string; intervalMs: number; nextDueAt: string; lastCheckedAt: string; checks: number; changes: number }[];
}

interface SourcesBackend {
  add(input: SourceInput): Promise<SourceDefinition>;
  list(): Promise<SourceView[]>;
  show(id: string): Promise<SourceView & { failures: SourceFailure[]; render: PatternView[] }>;
  /** Feeds and sitemaps found from a homepage, each with the source definition that registers it. */
  discover(url: string): Promise<Discovered>;
  /** An adaptive source's per-URL intervals and next due times. */
  recrawl(id: string): Promise<RecrawlView>;
  pause(id: string): Promise<SourceDefinition>;
  resume(id: string): Promise<SourceDefinition>;
  remove(id: string): Promise<void>;
  runNow(id: string): Promise<string>;
  /** Counts what this run produces as the operator's own work (see session.ts). */
  beginSession(): Promise<void>;
  close(): Promise<void>;
}

async function sourcesBackend(io: CliIO): Promise<SourcesBackend> {
  const api = remoteApi(io);
  if (api) {
    const one = (id: string, verb = '') => `/api/v1/sources/${encodeURIComponent(id)}${verb ? `/${verb}` : ''}`;
    return {
      add: (input) => api.json('POST', '/api/v1/sources', { body: input }),
      list: async () => (await api.json<{ sources: SourceView[] }>('GET', '/api/v1/sources')).sources,
      show: async (id) => ({ render: [], ...(await api.json<SourceView & { failures: SourceFailure[]; render?: PatternView[] }>('GET', one(id))) }),
      discover: (url) => api.json('POST', '/api/v1/sources/discover', { body: { url } }),
      recrawl: (id) => api.json('GET', one(id, 'recrawl')),
      pause: (id) => api.json('POST', one(id, 'pause')),
      resume: (id) => api.json('POST', one(id, 'resume')),
      remove: (id) => api.json('DELETE', one(id)),
      runNow: async (id) => (await api.json<{ jobId: string }>('POST', one(id, 'run'))).jobId,
      beginSession: () => beginSession(io, sessionTarget(io), async () => (await api.json<{ counters: Record<string, number> }>('GET', '/api/v1/stats')).counters),
      close: async () => {},
    };
  }
  const [{ openStack }, { RecrawlSchedule, RenderDecisions, SourceError, SourceRegistry, suggestedSourceId }] = await Promise.all([import('../context.ts'), import('@ingest/sources')]);
  const { conns, config } = await openStack(io);
  const decisions = new RenderDecisions(conns.redis, conns.queues.prefix);
  const registry = new SourceRegistry(conns.redis, conns.queues);
  const cli = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err instanceof SourceError) throw new CliError(`${err.message}\n  (${err.code}: ${err.hint})`, err.code === 'INVALID_SOURCE' ? EXIT.usage : EXIT.failure);
      throw err;
    });
  return {
    add: (input) => cli(registry.add(input)),
    list: () => cli(registry.list()),
    show: (id) => cli((async () => ({ source: await registry.require(id), state: await registry.state(id), failures: await registry.failures(id), render: await decisions.list(id) }))()),
    discover: async (url) => {
      const { siteDiscovery } = await import('@ingest/runtime');
      const found = await siteDiscovery(config, conns.redis)(url);
      const offer = <T extends { url: string; kind: 'feed' | 'sitemap' }>(d: T) => ({ ...d, source: { id: suggestedSourceId(d.url, d.kind) } });
      return { ...found, feeds: found.feeds.map(offer), sitemaps: found.sitemaps.map(offer) };
    },
    recrawl: (id) =>
      cli(
        (async () => {
          const source = await registry.require(id);
          const entries = await new RecrawlSchedule(conns.redis, conns.queues.prefix).list(id);
          const iso = (ms: number) => new Date(ms).toISOString();
          return {
            id,
            adaptive: source.adaptive ?? null,
            entries: entries.map((e) => ({ url: e.url, intervalMs: e.intervalMs, nextDueAt: iso(e.nextDueAt), lastCheckedAt: iso(e.lastCheckedAt), checks: e.checks, changes: e.changes })),
          };
        })(),
      ),
    pause: (id) => cli(registry.pause(id)),
    resume: (id) => cli(registry.resume(id)),
    remove: (id) => cli(registry.remove(id)),
    runNow: (id) => cli(registry.runNow(id)),
    beginSession: () => beginSession(io, sessionTarget(io, conns.queues.prefix), () => conns.stats.counts()),
    close: () => conns.close(),
  };
}
