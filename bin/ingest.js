#!/usr/bin/env node
// Entry point of the `ingest` command. Plain JavaScript so that any Node can start it: on a Node
// older than the project's (no TypeScript type stripping) it re-runs itself with the Node 24 that
// the `node` devDependency installs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 18);

if (!modern) {
  const bundled = join(here, '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`ingest needs Node.js 24 (found ${process.versions.node}). Run \`npm install\` in ${join(here, '..')} to get it, or install Node 24.`);
    process.exit(1);
  }
  const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// Stripping the types of every .ts file costs more than running a short command; Node's compile
// cache (in the OS temp directory) keeps the result, so later starts skip it. Failing to cache is harmless.
try {
  (await import('node:module')).enableCompileCache?.();
} catch {
  // an unwritable temp directory: start without the cache
}
const { main } = await import('../packages/cli/src/index.ts');
const stopSignal = new Promise((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stopSignal });
process.exitCode = code;
// Open handles (a Redis reconnect timer, a keep-alive socket) must not keep a finished command alive.
setTimeout(() => process.exit(code), 200).unref();
