import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// What a worker process loads: the runtime module graph, recorded by a resolve hook in a fresh
// Node process (the test's own process has vitest's graph). The API and its web stack are imported
// only when a process serves the API, so a fetcher or an indexer never pays for them.
const SCRIPT = `
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.push(r.url); return r; } });
await import('@ingest/runtime');
process.stdout.write(JSON.stringify(seen));
`;

describe('a worker process', () => {
  it('does not load the HTTP API, fastify or bull-board', async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd, maxBuffer: 64 * 1024 * 1024 });
    const urls = JSON.parse(stdout) as string[];
    expect(urls.some((u) => u.includes('/packages/pipeline/src/'))).toBe(true);
    expect(urls.filter((u) => /\/packages\/api-server\/|\/node_modules\/(fastify|@fastify|@bull-board)\//.test(u))).toEqual([]);
  }, 60_000);
});
