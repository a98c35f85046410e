import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@ingest/config';
import { freePort, pidAlive, startRedisServer, stopPid, waitUntil, type RunningService } from '@ingest/embedded';
import { createLogger } from '@ingest/logger';
import { ensureEmbeddedStack, readServiceRecord, readStackFile, recordServices, stackQueuePrefix, writeStackFile } from '@ingest/runtime';
import { main, type CliIO } from '../src/index.ts';

// Two `ingest start` stacks in two data directories on one machine, sharing one Redis of their own
// (never 6379) and competing for the same default Meilisearch/S3 ports (free test ports, never 7700/4569).

interface Started {
  dataDir: string;
  out: () => string;
  err: () => string;
  stop(): Promise<number>;
}

function buffers() {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, out: () => out, err: () => err };
}

/** Files under `dir` whose path contains `part` (s3rver keeps one file per object). */
function filesWith(dir: string, part: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.includes(part));
  } catch {
    return [];
  }
}

/** An HTTP server that is not ours: answers 200 to everything and remembers every request. */
async function foreignServer(port: number): Promise<{ requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const BIN = fileURLToPath(new URL('../../../bin/ingest.js', import.meta.url));
const portOf = (url: string) => Number(new URL(url).port);

describe('one stack per data directory', { timeout: 180_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-stacks-'));
  const dirA = join(scratch, 'a');
  const dirB = join(scratch, 'b');
  let redis: RunningService;
  let meiliDefault: number;
  let s3Default: number;
  const running: Started[] = [];
  const orphans: number[] = [];

  const env = (dataDir: string): Record<string, string> => ({
    INGEST_DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    MEILI_EMBEDDED_PORT: String(meiliDefault),
    S3_EMBEDDED_PORT: String(s3Default),
    API_PORT: '0',
    LOG_LEVEL: 'warn',
  });

  async function cli(dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
    const b = buffers();
    const code = await main(args, { stdout: b.stdout, stderr: b.stderr, env: env(dataDir), cwd: scratch });
    return { code, out: b.out(), err: b.err() };
  }

  async function start(dataDir: string, args: string[] = []): Promise<Started> {
    const b = buffers();
    let signal!: (s: string) => void;
    const stopSignal = new Promise<string>((resolve) => (signal = resolve));
    const io: CliIO = { stdout: b.stdout, stderr: b.stderr, env: env(dataDir), cwd: scratch, stopSignal };
    let exit: number | undefined;
    const done = main(['start', ...args], io).then((code) => (exit = code));
    await waitUntil(
      async () => {
        if (exit !== undefined) throw new Error(`ingest start exited ${exit}:\n${b.err()}`);
        return b.out().includes('Press Ctrl+C');
      },
      60_000,
      `ingest start in ${dataDir}`,
    );
    const started: Started = {
      dataDir,
      out: b.out,
      err: b.err,
      async stop() {
        signal('SIGTERM');
        const code = await done;
        running.splice(running.indexOf(started), 1);
        return code;
      },
    };
    running.push(started);
    return started;
  }

  beforeAll(async () => {
    redis = await startRedisServer({ port: await freePort(), dir: join(scratch, 'redis'), appendOnly: false });
    meiliDefault = await freePort();
    s3Default = await freePort();
  });
  afterAll(async () => {
    for (const s of [...running]) await s.stop();
    for (const pid of orphans) await stopPid(pid);
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs two data directories side by side on one Redis, each with its own services and prefix', async () => {
    const a = await start(dirA);
    const b = await start(dirB, ['--no-demo']);
    const sa = readStackFile(dirA)!;
    const sb = readStackFile(dirB)!;

    // A took the default ports; B found them held by A's services and started its own elsewhere.
    expect(portOf(sa.meiliUrl)).toBe(meiliDefault);
    expect(portOf(sa.s3Endpoint)).toBe(s3Default);
    expect(portOf(sb.meiliUrl)).not.toBe(meiliDefault);
    expect(portOf(sb.s3Endpoint)).not.toBe(s3Default);
    expect(b.err()).toContain(`port ${meiliDefault} is held by a process that is not this stack's meilisearch`);
    expect(b.err()).toContain(`port ${s3Default} is held by a process that is not this stack's s3`);
    expect(a.err()).not.toContain('is held by');

    // Each Meilisearch answers to its own data directory's master key only.
    const keyOf = (dir: string) => readFileSync(join(dir, 'secrets', 'meili-master-key'), 'utf8').trim();
    const keys = async (url: string, key: string) => (await fetch(`${url}/keys`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await keys(sb.meiliUrl, keyOf(dirB))).toBe(200);
    expect(await keys(sb.meiliUrl, keyOf(dirA))).not.toBe(200);

    expect(sa.queuePrefix).toMatch(/^\{ingest-[0-9a-f]{8}\}$/);
    expect(sa.queuePrefix).toBe(stackQueuePrefix(sa.stackId!));
    expect(sb.queuePrefix).toBe(stackQueuePrefix(sb.stackId!));
    expect(sb.queuePrefix).not.toBe(sa.queuePrefix);

    // A's demo crawl (an enqueue to A) shows in A's wait/status and not at all in B's.
    const wa = await cli(dirA, ['wait', '--timeout', '120', '--json']);
    expect(wa.code, wa.err).toBe(0);
    const indexed = JSON.parse(wa.out).indexed as number;
    expect(indexed).toBeGreaterThan(0);
    const statusA = await cli(dirA, ['status', '--json']);
    expect(JSON.parse(statusA.out).counters['index.done']).toBe(indexed);
    const statusB = await cli(dirB, ['status', '--json']);
    expect(statusB.code, statusB.err).toBe(0);
    const sB = JSON.parse(statusB.out);
    expect(sB.counters['fetch.done'] ?? 0).toBe(0);
    expect(sB.counters['index.done'] ?? 0).toBe(0);
    for (const counts of Object.values<Record<string, number>>(sB.queues)) expect(counts.completed ?? 0).toBe(0);

    // Pages of A were archived into A's S3 only.
    expect(filesWith(join(dirA, 's3'), 'warc').length).toBeGreaterThan(0);
    expect(filesWith(join(dirB, 's3'), 'warc')).toEqual([]);

    expect(await b.stop()).toBe(0);
  });

  it('a restart keeps its demo origin, services ports and prefix', async () => {
    const first = running.find((s) => s.dataDir === dirA)!;
    const before = readStackFile(dirA)!;
    const demoBefore = readServiceRecord(dirA).demo!.port;
    expect(first.out()).toContain(`demo site   http://127.0.0.1:${demoBefore}/`);
    expect(await first.stop()).toBe(0);
    expect(readStackFile(dirA)).toBeNull();

    const again = await start(dirA);
    const after = readStackFile(dirA)!;
    expect(again.out()).toContain(`demo site   http://127.0.0.1:${demoBefore}/`);
    expect(after.meiliUrl).toBe(before.meiliUrl);
    expect(after.s3Endpoint).toBe(before.s3Endpoint);
    expect(after.queuePrefix).toBe(before.queuePrefix);
    // The documents indexed before the restart link to an origin that answers again.
    const doc = await cli(dirA, ['export', '--jsonl']);
    const first1 = JSON.parse(doc.out.trim().split('\n')[0]!) as { url: string };
    expect(new URL(first1.url).port).toBe(String(demoBefore));
    expect((await fetch(first1.url)).status).toBe(200);

    // A second `ingest start` on a data directory whose stack runs in another live process is refused.
    writeStackFile(dirA, { ...after, pid: redis.child!.pid! });
    const second = await cli(dirA, ['start', '--no-demo']);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`A stack already runs in ${dirA} (pid ${redis.child!.pid}, API ${after.apiUrl})`);
    writeStackFile(dirA, after);

    // The restart's demo crawl is a recrawl: its front page is unchanged, and the crawl still goes
    // through it to the articles (each found unchanged too). Drained here, so the next test's
    // start has no work left over for this origin.
    const unchangedBefore = JSON.parse((await cli(dirA, ['status', '--json'])).out).counters['fetch.unchanged'] ?? 0;
    const w = await cli(dirA, ['wait', '--timeout', '120', '--json']);
    expect(w.code, w.err).toBe(0);
    const unchangedAfter = JSON.parse((await cli(dirA, ['status', '--json'])).out).counters['fetch.unchanged'] ?? 0;
    expect(unchangedAfter - unchangedBefore).toBeGreaterThan(1);
    expect(await again.stop()).toBe(0);
  });

  it('ensureEmbeddedStack reuses the services its data directory left running, and stops them', async () => {
    const dirC = join(scratch, 'c');
    const config = loadConfig({}, { dataDir: dirC, redisUrl: redis.url, meiliEmbeddedPort: await freePort(), s3EmbeddedPort: await freePort(), logLevel: 'silent' });
    const log = createLogger({ level: 'silent' });
    // The first start "crashes": its services stay up, recorded in services.json.
    const crashed = await ensureEmbeddedStack(config, log);
    expect(crashed.started).toEqual(['meilisearch', 's3']);
    const record = readServiceRecord(dirC);
    expect(pidAlive(record.meilisearch!.pid)).toBe(true);

    const next = await ensureEmbeddedStack(config, log);
    expect(next.started).toEqual([]);
    expect(next.reused).toEqual(['meilisearch', 's3']);
    expect(next.config.meiliUrl).toBe(crashed.config.meiliUrl);
    expect(next.config.s3Endpoint).toBe(crashed.config.s3Endpoint);
    await next.stop();
    await waitUntil(async () => !pidAlive(record.meilisearch!.pid) && !pidAlive(record.s3!.pid), 15_000, 'reused services to stop');
    await crashed.stop();
  });

  it('after a crashed start (SIGKILL), the next start takes over the services it left running', async () => {
    const dirD = join(scratch, 'd');
    const envD = { ...env(dirD), MEILI_EMBEDDED_PORT: String(await freePort()), S3_EMBEDDED_PORT: String(await freePort()) };
    // The child must embed its own services even when this run got service URLs from the environment.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MEILI|S3)_/.test(k)));
    const child = spawn(process.execPath, [BIN, 'start', '--no-demo'], { env: { ...inherited, ...envD }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitUntil(
      async () => out.includes('Press Ctrl+C'),
      60_000,
      'ingest start (child)',
      () => out,
      child,
    );
    const left = readServiceRecord(dirD);
    child.kill('SIGKILL');
    await exited;
    // Whatever happens below, the orphans of this test must not outlive it.
    orphans.push(left.meilisearch!.pid!, left.s3!.pid!);
    expect(pidAlive(left.meilisearch!.pid)).toBe(true);
    expect(pidAlive(left.s3!.pid)).toBe(true);

    // The stale stack file names a dead PID: this start goes ahead and reuses what is provably its own.
    const b = buffers();
    let signal!: (s: string) => void;
    const done = main(['start', '--no-demo'], { stdout: b.stdout, stderr: b.stderr, env: { ...envD }, cwd: scratch, stopSignal: new Promise<string>((r) => (signal = r)) });
    await waitUntil(async () => b.out().includes('Press Ctrl+C'), 60_000, 'ingest start after the crash', b.err);
    expect(b.out()).toContain('reused from an earlier start: meilisearch, s3');
    expect(readServiceRecord(dirD).meilisearch).toEqual(left.meilisearch);
    signal('SIGTERM');
    expect(await done).toBe(0);
    await waitUntil(async () => !pidAlive(left.meilisearch!.pid) && !pidAlive(left.s3!.pid), 15_000, 'taken-over services to stop');
  });

  it('a start finding foreign processes on its recorded ports picks other ports and sends them nothing', async () => {
    const record = readServiceRecord(dirA);
    const foreign = await Promise.all([record.meilisearch!.port, record.s3!.port, record.demo!.port].map(foreignServer));
    try {
      // A live PID that is not our service (as after PID reuse) must not pass for ours either.
      recordServices(dirA, { meilisearch: { port: record.meilisearch!.port, pid: process.pid } });
      const a = await start(dirA);
      const after = readStackFile(dirA)!;
      const now = readServiceRecord(dirA);
      expect(portOf(after.meiliUrl)).not.toBe(record.meilisearch!.port);
      expect(portOf(after.s3Endpoint)).not.toBe(record.s3!.port);
      expect(now.demo!.port).not.toBe(record.demo!.port);
      expect(now.meilisearch!.port).toBe(portOf(after.meiliUrl));
      expect(a.err()).toContain(`port ${record.meilisearch!.port} is held by a process that is not this stack's meilisearch`);
      expect(a.err()).toContain(`demo site port ${record.demo!.port} is held by another process`);
      const w = await cli(dirA, ['wait', '--timeout', '120', '--json']);
      expect(w.code, w.err).toBe(0);
      expect(await a.stop()).toBe(0);
      for (const f of foreign) expect(f.requests, JSON.stringify(foreign.map((x) => x.requests))).toEqual([]);
    } finally {
      await Promise.all(foreign.map((f) => f.close()));
    }
  });
});
