import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CliIO } from '../io.ts';

/** Non-empty, non-comment lines of a file or stdin ('-'). */
export async function readLines(file: string, io: CliIO): Promise<string[]> {
  const input = file === '-' ? process.stdin : createReadStream(resolve(io.cwd, file));
  const lines: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const t = line.trim();
    if (t && !t.startsWith('#')) lines.push(t);
  }
  return lines;
}
