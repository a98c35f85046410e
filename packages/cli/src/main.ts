import {
  AUDIT_HELP,
  ENQUEUE_HELP,
  EXPORT_HELP,
  EXTRACT_HELP,
  JOBS_HELP,
  KEYS_HELP,
  QUEUES_HELP,
  RAW_HELP,
  VERSIONS_HELP,
  DIFF_HELP,
  REINDEX_HELP,
  RETRY_HELP,
  SCHEMA_HELP,
  SEARCH_HELP,
  SOURCES_HELP,
  START_HELP,
  STATUS_HELP,
  WAIT_HELP,
  WEBHOOKS_HELP,
} from './help.ts';
import { CliError, EXIT, println, type CliIO } from './io.ts';
import { parseErrorMessage, splitGlobalOptions } from './options.ts';

type Run = (args: string[], io: CliIO) => Promise<number>;
// Each command is imported only when it runs: loading every command's dependencies (BullMQ,
// Meilisearch, the extractor, fastify) costs seconds, and `--help` or `--version` needs none of them.
type Command = { load: () => Promise<Run>; help: string; summary: string };

export const VERSION = '0.1.0';

export const COMMANDS: Record<string, Command> = {
  start: { load: async () => (await import('./commands/start.ts')).startCommand, help: START_HELP, summary: 'run the API, every worker and the search UI in one process' },
  enqueue: { load: async () => (await import('./commands/enqueue.ts')).enqueueCommand, help: ENQUEUE_HELP, summary: 'validate and enqueue URLs (or a crawl)' },
  wait: { load: async () => (await import('./commands/wait.ts')).waitCommand, help: WAIT_HELP, summary: 'show progress until the queues drain, then a summary' },
  audit: {
    load: async () => (await import('./commands/audit.ts')).auditCommand,
    help: AUDIT_HELP,
    summary: 'list pages accepted but not indexed, with their last error; --repair re-drives them',
  },
  status: { load: async () => (await import('./commands/status.ts')).statusCommand, help: STATUS_HELP, summary: 'queue counts, counters and recent failures' },
  jobs: { load: async () => (await import('./commands/jobs.ts')).jobsCommand, help: JOBS_HELP, summary: "failed jobs with reasons, retry them, find a URL's jobs" },
  queues: { load: async () => (await import('./commands/queues.ts')).queuesCommand, help: QUEUES_HELP, summary: 'list, pause, resume or drain the queues' },
  keys: { load: async () => (await import('./commands/keys.ts')).keysCommand, help: KEYS_HELP, summary: 'create, list and revoke API keys' },
  search: { load: async () => (await import('./commands/search.ts')).searchCommand, help: SEARCH_HELP, summary: 'search the index' },
  sources: { load: async () => (await import('./commands/sources.ts')).sourcesCommand, help: SOURCES_HELP, summary: 'register, list, show, pause, resume, remove, run and discover sources' },
  retry: { load: async () => (await import('./commands/retry.ts')).retryCommand, help: RETRY_HELP, summary: 'retry failed jobs (all, one source, or given URLs)' },
  raw: { load: async () => (await import('./commands/raw.ts')).rawCommand, help: RAW_HELP, summary: 'print the archived raw page of a document or URL' },
  versions: { load: async () => (await import('./commands/versions.ts')).versionsCommand, help: VERSIONS_HELP, summary: "a document's versions (changes of its text or title)" },
  diff: { load: async () => (await import('./commands/versions.ts')).diffCommand, help: DIFF_HELP, summary: 'word-level diff between two versions of a document' },
  export: { load: async () => (await import('./commands/export.ts')).exportCommand, help: EXPORT_HELP, summary: 'indexed documents as JSON lines, or the archive as a WACZ package' },
  extract: { load: async () => (await import('./commands/extract.ts')).extractCommand, help: EXTRACT_HELP, summary: 'run extraction on local HTML files' },
  schema: { load: async () => (await import('./commands/schema.ts')).schemaCommand, help: SCHEMA_HELP, summary: 'print the document JSON Schema' },
  reindex: { load: async () => (await import('./commands/reindex.ts')).reindexCommand, help: REINDEX_HELP, summary: 'rebuild the index from the archive and swap it in' },
  webhooks: { load: async () => (await import('./commands/webhooks.ts')).webhooksCommand, help: WEBHOOKS_HELP, summary: 'add, list and remove webhooks; show their deliveries' },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'ingest: event-driven content ingestion (fetch, archive, extract, enrich, index)',
    '',
    'Usage: ingest [--api URL --key KEY] COMMAND [options]   (ingest help COMMAND for details and examples)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Remote: with --api URL (or INGEST_API_URL) and --key KEY (or INGEST_API_KEY) every command goes',
    "through the stack's HTTP API; without them the CLI uses the stack started in this directory.",
  ].join('\n');
}

/** An IngestError or ConfigError without importing their packages (and zod) on the fast paths. */
function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let split: ReturnType<typeof splitGlobalOptions>;
  try {
    split = splitGlobalOptions(argv, io.env);
  } catch (err) {
    if (err instanceof CliError) {
      println(io.stderr, `error: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
  const env = split.env;
  const cio: CliIO = env === io.env ? io : { ...io, env };
  const [name, ...args] = split.argv;
  if (!name || name === '--help' || name === '-h') {
    println(io.stdout, usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === 'help') {
    const topic = args[0];
    if (!topic) {
      println(io.stdout, usage());
      return EXIT.ok;
    }
    const c = COMMANDS[topic];
    if (!c) {
      println(io.stderr, `Unknown command "${topic}".\n\n${usage()}`);
      return EXIT.usage;
    }
    println(io.stdout, c.help);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    println(io.stdout, VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    println(io.stderr, `Unknown command "${name}".\n\n${usage()}`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    println(io.stdout, command.help);
    return EXIT.ok;
  }
  try {
    return await (
      await command.load()
    )(args, cio);
  } catch (err) {
    if (err instanceof CliError) {
      println(io.stderr, `error: ${err.message}`);
      return err.exitCode;
    }
    const code = codeOf(err);
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      println(io.stderr, `error: ${parseErrorMessage(name, err as Error)}`);
      return EXIT.usage;
    }
    const { ConfigError } = await import('@ingest/config');
    if (err instanceof ConfigError) {
      println(io.stderr, `error: ${err.message}`);
      return EXIT.usage;
    }
    const { IngestError } = await import('@ingest/errors');
    if (err instanceof IngestError) {
      println(io.stderr, `error [${err.code}]: ${err.message}`);
      return EXIT.failure;
    }
    println(io.stderr, `error: ${(err as Error).stack ?? String(err)}`);
    return EXIT.failure;
  }
}
