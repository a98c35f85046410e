import { resolve } from 'node:path';
import { loadConfig, type Config } from '@ingest/config';
import { createLogger, type Logger } from '@ingest/logger';
import { connect, withStack, type Connections } from '@ingest/runtime';
import { CliError, type CliIO } from './io.ts';

export function cliConfig(io: CliIO): Config {
  const config = loadConfig(io.env);
  return { ...config, dataDir: resolve(io.cwd, config.dataDir) };
}

/** CLI logs go to stderr and stay quiet unless LOG_LEVEL asks otherwise. */
export function cliLogger(io: CliIO, config: Config): Logger {
  return createLogger({ level: io.env.LOG_LEVEL ? config.logLevel : 'warn', destination: { write: (s: string) => io.stderr.write(s) } });
}

/** Connects to the stack `ingest start` runs in this directory, or to what the env names. */
export async function openStack(io: CliIO): Promise<{ config: Config; conns: Connections; log: Logger }> {
  const { config } = withStack(cliConfig(io), io.env);
  const log = cliLogger(io, config);
  if (!config.meiliUrl || !config.s3Endpoint) {
    throw new CliError(`No running stack found (no ${resolve(config.dataDir, 'stack.json')}) and MEILI_URL/S3_ENDPOINT are not set. Start one with \`ingest start\`.`);
  }
  try {
    const conns = await connect(config, log, 'producer');
    return { config, conns, log };
  } catch (err) {
    throw new CliError(`Cannot reach the stack: ${(err as Error).message}`);
  }
}
