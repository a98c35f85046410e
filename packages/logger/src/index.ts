import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** Paths that must never reach logs, whatever object they sit in. */
export const REDACT_PATHS = [
  'apiKey',
  'masterKey',
  'meiliMasterKey',
  's3SecretAccessKey',
  'secretAccessKey',
  'password',
  'authorization',
  '*.apiKey',
  '*.masterKey',
  '*.meiliMasterKey',
  '*.s3SecretAccessKey',
  '*.secretAccessKey',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export function createLogger(options: { level?: LevelWithSilent; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino({ level: options.level ?? 'info', name: options.name, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, options.destination);
}

/** A child logger per job, carrying what an operator greps for. */
export function jobLogger(base: Logger, job: { queue: string; id: string | undefined; url?: string; attempt: number }): Logger {
  return base.child({ queue: job.queue, jobId: job.id, url: job.url, attempt: job.attempt });
}
