import { parseArgs } from 'node:util';
import { siteDiscovery } from '@ingest/runtime';
import { RenderDecisions, SourceError, SourceRegistry, suggestedSourceId, type PatternView, type SourceDefinition, type SourceInput, type SourceState, type SourceView } from '@ingest/sources';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export const SOURCES_HELP = `ingest sources add ID --kind url|sitemap|feed|crawl URL... [options]
ingest sources list|show ID|pause ID|resume ID|remove ID|run ID [--json]
ingest sources discover URL [--add [--every D]] [--json]

A source is registered once and kept in Redis; each run expands it into fetch jobs (one fetch per
URL per run). Recurring sources run on a schedule (BullMQ job scheduler); pause and remove stop it.
  --kind K         url (the pages), sitemap (sitemap or index URLs, or site roots: robots.txt
                   sitemaps are used), feed (RSS 2.0, Atom, JSON Feed), crawl (start URLs)
  --every D        run every D (e.g. 30m, 6h, 1d)        --cron P   run on a cron pattern
  --max-urls N     URLs one run may enqueue (default 50000)
  --max-bytes N    largest sitemap/feed after decompression (default 50 MB)
  crawl only: --max-pages N (100) --max-depth N (2) --scope host|domain --prefix /path/
              --include REGEX --exclude REGEX (repeatable)
  --render M       never (default), always, or auto: render in Chromium only the pages that need it,
                   learned per host and URL pattern (needs Chromium: apt-get install chromium)
  --screenshots    a PNG screenshot of every rendered page, linked from its document
  --no-run         register without starting a first run
discover fetches URL (a homepage), its robots.txt and common feed/sitemap paths, and lists each
feed and sitemap found once, with the command that registers it; --add registers them all.
Examples:
  ingest sources add news --kind sitemap --every 6h https://example.org/
  ingest sources add blog --kind feed https://example.org/feed.xml
  ingest sources add docs --kind crawl --scope domain --prefix /docs/ --max-pages 500 https://example.org/docs/
  ingest sources add spa --kind sitemap --render auto --screenshots https://example.org/
  ingest sources show news
  ingest sources discover https://example.org/ --add --every 1h`;

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDuration(value: string): number {
  const m = /^(\d+)\s*([smhd])?$/.exec(value.trim());
  if (!m) throw new CliError(`--every must look like 30m, 6h or 1d, got "${value}"`, EXIT.usage);
  return Number(m[1]) * (m[2] ? UNITS[m[2]]! : 1);
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
  return 'every' in s.schedule ? `every ${Math.round(s.schedule.every / 1000)} s` : `cron ${s.schedule.pattern}`;
}

function stateLine(st: SourceState): string {
  if (!st.lastRunAt) return 'never run';
  return `last run ${st.lastRunAt}: found ${st.found}, fetched ${st.fetched}, unchanged ${st.unchanged + st.notModifiedSinceLastRun}, removed ${st.removed}, failed ${st.failed}`;
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
  const actions = ['add', 'list', 'show', 'pause', 'resume', 'remove', 'run', 'discover'];
  if (!action || !actions.includes(action)) throw new CliError(`Expected one of: ${actions.join(', ')}.\n\n${SOURCES_HELP}`, EXIT.usage);
  if (action !== 'list' && !id) throw new CliError(`ingest sources ${action} needs ${action === 'discover' ? 'a URL' : 'a source id'}`, EXIT.usage);
  if (action === 'discover' && !/^https?:\/\//i.test(id!)) throw new CliError(`ingest sources discover needs an http(s) URL, got "${id}"`, EXIT.usage);
  const every = values.every ? parseDuration(values.every) : undefined;
  const input = action === 'add' ? sourceInput(id!, urls, values) : null;
  if (action === 'add' && urls.length === 0) throw new CliError('ingest sources add needs at least one URL', EXIT.usage);

  const { conns, config } = await openStack(io);
  const registry = new SourceRegistry(conns.redis, conns.queues);
  const out = (human: string, data: unknown) => println(io.stdout, values.json ? JSON.stringify(data, null, 2) : human);
  try {
    switch (action) {
      case 'add': {
        const source = await registry.add(input!);
        const runJob = values['no-run'] ? null : await registry.runNow(source.id);
        out(`source ${source.id} (${source.kind}, ${scheduleText(source)}) registered${runJob ? `; first run enqueued (job ${runJob}). Follow with: ingest sources show ${source.id}` : ''}`, {
          source,
          runJob,
        });
        break;
      }
      case 'list': {
        const all = await registry.list();
        out(all.length === 0 ? 'no sources; add one with: ingest sources add ID --kind sitemap URL' : all.map(listLine).join('\n'), all);
        break;
      }
      case 'show': {
        const source = await registry.require(id!);
        const state = await registry.state(id!);
        const failures = await registry.failures(id!);
        const learned = await new RenderDecisions(conns.redis, conns.queues.prefix).list(id!);
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
          ...(failures.length > 0
            ? ['', `failures (${failures.length}; retry with: ingest retry --source ${source.id}):`, ...failures.map((f) => `  ${f.code.padEnd(22)} ${f.url}\n      ${f.message}`)]
            : []),
        ];
        out(lines.join('\n'), { source, state, failures, render: learned });
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
        const found = await siteDiscovery(config, conns.redis)(id!);
        const offers = [...found.feeds, ...found.sitemaps].map((d) => ({ ...d, id: suggestedSourceId(d.url, d.kind) }));
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
        const job = await registry.runNow(id!);
        out(`run of ${id} enqueued (job ${job}). Follow with: ingest wait && ingest sources show ${id}`, { job });
        break;
      }
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof SourceError) throw new CliError(`${err.message}\n  (${err.code}: ${err.hint})`, err.code === 'INVALID_SOURCE' ? EXIT.usage : EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}
