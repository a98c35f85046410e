import { ConfigError } from '@ingest/config';
import { IngestError } from '@ingest/errors';
import { AUDIT_HELP, auditCommand } from './commands/audit.ts';
import { ENQUEUE_HELP, enqueueCommand } from './commands/enqueue.ts';
import { EXPORT_HELP, exportCommand } from './commands/export.ts';
import { EXTRACT_HELP, extractCommand } from './commands/extract.ts';
import { JOBS_HELP, jobsCommand } from './commands/jobs.ts';
import { KEYS_HELP, keysCommand } from './commands/keys.ts';
import { QUEUES_HELP, queuesCommand } from './commands/queues.ts';
import { REINDEX_HELP, reindexCommand } from './commands/reindex.ts';
import { RAW_HELP, rawCommand } from './commands/raw.ts';
import { RETRY_HELP, retryCommand } from './commands/retry.ts';
import { SCHEMA_HELP, schemaCommand } from './commands/schema.ts';
import { SEARCH_HELP, searchCommand } from './commands/search.ts';
import { SOURCES_HELP, sourcesCommand } from './commands/sources.ts';
import { START_HELP, startCommand } from './commands/start.ts';
import { STATUS_HELP, statusCommand } from './commands/status.ts';
import { WAIT_HELP, waitCommand } from './commands/wait.ts';
import { WEBHOOKS_HELP, webhooksCommand } from './commands/webhooks.ts';
import { CliError, EXIT, println, type CliIO } from './io.ts';

type Command = { run: (args: string[], io: CliIO) => Promise<number>; help: string; summary: string };

export const COMMANDS: Record<string, Command> = {
  start: { run: startCommand, help: START_HELP, summary: 'run the API, every worker and the search UI in one process' },
  enqueue: { run: enqueueCommand, help: ENQUEUE_HELP, summary: 'validate and enqueue URLs (or a crawl)' },
  wait: { run: waitCommand, help: WAIT_HELP, summary: 'show progress until the queues drain, then a summary' },
  audit: { run: auditCommand, help: AUDIT_HELP, summary: 'list pages accepted but not indexed, with their last error; --repair re-drives them' },
  status: { run: statusCommand, help: STATUS_HELP, summary: 'queue counts, counters and recent failures' },
  jobs: { run: jobsCommand, help: JOBS_HELP, summary: "failed jobs with reasons, retry them, find a URL's jobs" },
  queues: { run: queuesCommand, help: QUEUES_HELP, summary: 'list, pause, resume or drain the queues' },
  keys: { run: keysCommand, help: KEYS_HELP, summary: 'create, list and revoke API keys' },
  search: { run: searchCommand, help: SEARCH_HELP, summary: 'search the index' },
  sources: { run: sourcesCommand, help: SOURCES_HELP, summary: 'register, list, show, pause, resume, remove, run and discover sources' },
  retry: { run: retryCommand, help: RETRY_HELP, summary: 'retry failed fetches (all, one source, or given URLs)' },
  raw: { run: rawCommand, help: RAW_HELP, summary: 'print the archived raw page of a document or URL' },
  export: { run: exportCommand, help: EXPORT_HELP, summary: 'indexed documents as JSON lines, or the archive as a WACZ package' },
  extract: { run: extractCommand, help: EXTRACT_HELP, summary: 'run extraction on local HTML files' },
  schema: { run: schemaCommand, help: SCHEMA_HELP, summary: 'print the document JSON Schema' },
  reindex: { run: reindexCommand, help: REINDEX_HELP, summary: 'rebuild the index from the archive and swap it in' },
  webhooks: { run: webhooksCommand, help: WEBHOOKS_HELP, summary: 'add, list and remove webhooks; show their deliveries' },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'ingest: event-driven content ingestion (fetch, archive, extract, enrich, index)',
    '',
    'Usage: ingest COMMAND [options]   (ingest COMMAND --help for details and examples)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    println(io.stdout, usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    println(io.stdout, '0.1.0');
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
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      println(io.stderr, `error: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      println(io.stderr, `error: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof IngestError) {
      println(io.stderr, `error [${err.code}]: ${err.message}`);
      return EXIT.failure;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      println(io.stderr, `error: ${(err as Error).message}\n\n${command.help}`);
      return EXIT.usage;
    }
    println(io.stderr, `error: ${(err as Error).stack ?? String(err)}`);
    return EXIT.failure;
  }
}
