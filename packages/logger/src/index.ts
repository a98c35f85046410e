import { pino, stdSerializers, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';
export { ActivitySummary, type ActivitySummaryOptions, type SettledJob } from './activity-summary.ts';

/** Paths that must never reach logs, whatever object they sit in. */
export const REDACT_PATHS = [
  'apiKey',
  'masterKey',
  'meiliMasterKey',
  's3SecretAccessKey',
  'secretAccessKey',
  'password',
  'authorization',
  'secret',
  '*.apiKey',
  '*.masterKey',
  '*.meiliMasterKey',
  '*.s3SecretAccessKey',
  '*.secretAccessKey',
  '*.password',
  '*.authorization',
  '*.secret',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Where pretty lines go: a file descriptor (1 stdout, 2 stderr) or a file path (tests). */
export interface PrettyTarget {
  destination: number | string;
  colorize?: boolean;
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  name?: string;
  /** JSON lines to this stream (tests read them); ignored when `pretty` is set. */
  destination?: DestinationStream;
  /** Human-readable lines through pino-pretty, run as a pino transport (off the main thread). */
  pretty?: PrettyTarget | false;
}

/**
 * `auto` is pretty exactly when a person reads the stream (a TTY) and JSON for log shippers;
 * the caller passes whether its stream is a TTY, since only entry points look at the process.
 */
export function wantsPretty(format: LogFormat, isTTY: boolean | undefined): boolean {
  return format === 'pretty' || (format === 'auto' && isTTY === true);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    name: options.name,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // `err` carries type, message, stack and cause, so an unexpected failure is logged with where it came from.
    serializers: { err: stdSerializers.errWithCause },
  };
  if (options.pretty) {
    const transport = pino.transport({
      target: 'pino-pretty',
      options: {
        destination: options.pretty.destination,
        colorize: options.pretty.colorize ?? typeof options.pretty.destination === 'number',
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        // A file destination is written synchronously, so a test reads every line once the logger is flushed.
        sync: typeof options.pretty.destination === 'string',
        mkdir: true,
      },
    }) as DestinationStream;
    return pino(base, transport);
  }
  return pino(base, options.destination);
}

/** A child logger per job, carrying what an operator greps for. */
export function jobLogger(base: Logger, job: { queue: string; id: string | undefined; url?: string; attempt: number }): Logger {
  return base.child({ queue: job.queue, jobId: job.id, url: job.url, attempt: job.attempt });
}
