/** Where a command writes; tests pass buffers, bin/ingest.js passes the process streams. */
export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the operator asks to stop (SIGINT/SIGTERM); used by `start`. */
  stopSignal?: Promise<string>;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, timeout: 3 } as const;

/** An error whose message is for the operator and whose exit code means something. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function println(stream: CliIO['stdout'], line = ''): void {
  stream.write(`${line}\n`);
}
