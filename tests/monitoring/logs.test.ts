import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { PipelineStats, QueueSet, createStageWorker } from '@ingest/queue';
import { startPipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, drained, html, startFixtureServer, testConfig } from '@ingest/testing';
import { spawnService } from '../scale-out/service-process.ts';

const indexerMain = fileURLToPath(new URL('../../services/indexer/src/main.ts', import.meta.url));
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
  return { log, lines };
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('readable logs', () => {
  const configs = [testConfig(), testConfig(), testConfig(), testConfig()];
  afterAll(async () => {
    for (const c of configs) await cleanupTest(c);
  });

  it('a service writes readable lines on a terminal (pino-pretty) and JSON lines when piped', async () => {
    const env = { ...process.env, ...configToEnv(configs[0]!), LOG_LEVEL: 'info', METRICS_PORT: '0' };
    // `script` gives the service a pseudo-terminal as stdout, as an operator's shell would.
    const child = spawn('script', ['-qfec', `exec '${process.execPath}' '${indexerMain}'`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const line = await until(
        () =>
          stripAnsi(out)
            .split('\n')
            .find((l) => l.includes('indexer started')),
        'the start line on the terminal',
      );
      expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(indexer\): indexer started$/);
      expect(stripAnsi(out)).not.toMatch(/^\{"level"/m);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }

    const piped = await spawnService('indexer', { ...configToEnv(configs[1]!), LOG_LEVEL: 'info' });
    try {
      const start = piped
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; time: number; msg: string; name: string })
        .find((l) => l.msg === 'indexer started');
      expect(start).toMatchObject({ level: 30, name: 'indexer' });
      expect(typeof start!.time).toBe('number');
    } finally {
      await piped.stop();
    }
  });

  it('summarises indexed pages in at most one info line per second instead of a line per page', async () => {
    const config = configs[2]!;
    const pages = Array.from({ length: 6 }, (_, i) => `/story-${i}.html`);
    const site = await startFixtureServer(
      Object.fromEntries(
        pages.map((p, i) => [
          p,
          (_q, r) =>
            html(
              r,
              articlePage(`Council report number ${i} on the harbour`, [
                `The council published report number ${i} on the harbour works, which are running two months late after the storms in spring.`,
                `Contractors said the quay walls of section ${i} would be finished before the autumn, weather allowing, and the ferries would return.`,
              ]),
            ),
        ]),
      ),
    );
    const { log, lines } = capture();
    const proc = await startPipelineProcess(config, log, { stages: STAGES, api: false, service: 'logs-test' });
    const started = Date.now();
    try {
      await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: pages.map((p) => `${site.baseUrl}${p}`) });
      await drained(proc);
      const summaries = () => lines.filter((l) => typeof l.window === 'object');
      const indexed = () => summaries().reduce((n, l) => n + (l.window as { indexed: number }).indexed, 0);
      await until(() => (indexed() >= 6 ? true : undefined), 'summaries of all six pages', 30_000);
      const elapsedS = (Date.now() - started) / 1000;
      expect(indexed()).toBe(6);
      expect(summaries().length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
      expect(summaries().every((l) => l.level === 30 && /^indexed \d+ pages?/.test(String(l.msg)))).toBe(true);
      // Successful jobs themselves stay at debug: the summary is the only info line they cause.
      expect(lines.filter((l) => l.level === 30 && l.msg === 'job done')).toEqual([]);
    } finally {
      await proc.close();
      await site.close();
    }
  });

  it('logs an unexpected job failure as an error with its stack', async () => {
    const config = configs[3]!;
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const queues = new QueueSet({ connection: redis, prefix: config.queuePrefix, attempts: 1 });
    const stats = new PipelineStats(redis, config.queuePrefix);
    const { log, lines } = capture();
    const worker = createStageWorker({
      queue: 'fetch',
      handler: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'body')")),
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: 1,
      lockDurationMs: 30_000,
      log,
      stats,
    });
    try {
      await queues.add('fetch', { url: 'http://127.0.0.1:9/a.html', enqueuedAt: new Date().toISOString() }, 'fetch-stack-test');
      const line = await until(() => lines.find((l) => l.msg === 'job failed'), 'the failure line', 30_000);
      expect(line).toMatchObject({ level: 50, code: 'INTERNAL', final: true, queue: 'fetch' });
      const err = line.err as { type: string; message: string; stack: string };
      expect(err.type).toBe('TypeError');
      expect(err.stack).toMatch(/TypeError: Cannot read properties[^\n]*\n\s+at /);
    } finally {
      await worker.close();
      await queues.close();
      await stats.close();
      redis.disconnect();
    }
  });
});
