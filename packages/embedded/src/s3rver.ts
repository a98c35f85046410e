import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { httpOk, spawnService, stopChild, waitUntil, type RunningService } from './process.ts';

/**
 * s3rver runs in a child process: it installs its own logger and exception handlers, which must
 * not leak into the pipeline's process.
 */
export async function startS3rver(options: { port: number; directory: string }): Promise<RunningService> {
  mkdirSync(options.directory, { recursive: true });
  const require = createRequire(import.meta.url);
  let bin: string;
  try {
    bin = join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  } catch {
    throw new Error('Embedded S3 needs the npm package s3rver. Install it, or set S3_ENDPOINT to an S3-compatible store.');
  }
  const args = [bin, '-d', options.directory, '-a', '127.0.0.1', '-p', String(options.port), '--silent'];
  const { child, output } = spawnService(process.execPath, args, 's3rver');
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil(() => httpOk(url), 15_000, 's3rver', output, child);
  return { url, child, stop: () => stopChild(child) };
}
