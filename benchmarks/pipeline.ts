// Pipeline throughput benchmark: the whole ingest stack against Crawlee on the same generated news
// site (several thousand pages with real article bodies over many loopback hosts, served by a child
// process). Alternates (a) Crawlee CheerioCrawler + Mozilla Readability and (b) `ingest start`
// (own redis-server, Meilisearch, s3rver) fetching, archiving, extracting, enriching and indexing
// until every page is searchable. Prints pages/s and the ratio, CPU per page per process, Redis
// commands, S3 requests and extract runs per page, the page work itself measured in one process,
// enqueue-to-searchable latency on an idle stack, memory at checkpoints and a polite-crawl figure.
//
//   npm run bench:pipeline -- [--pages 3000] [--hosts 12] [--rounds 1] [--skip-crawlee] [--polite-only]
//                             [--json] [--timeout 2400] [--probes 50] [--polite-pages 480]
//                             [--polite-delay 250] [--polite-concurrency 2] [--polite-latency 20] [--skip-polite]
//                             [--crawlee-concurrency 8] [--drain-timeout 120] [--work-sample 400]
//                             [--redis-memory-peer]
//
// --redis-memory-peer runs ingest once more with the old job retention (every completed job kept,
// JOB_KEEP_COMPLETED=50000) and prints Redis memory per page after the drain for both.
//
// Only public entry points of the pipeline are used (bin/ingest.js start, the HTTP API,
// Meilisearch's API, Redis INFO, /proc), so the benchmark keeps working when internals change.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { enrichText } from '@ingest/enrich';
import { processHtml } from '@ingest/pipeline';
import { commandStats, startIngestStack, usedMemoryMiB, type IngestStack, type IngestStatus } from './lib/ingest-stack.ts';
import { freshPath, freshToken, planSite } from './lib/news-site.ts';
import type { HostStats } from './lib/news-site-server.ts';
import { renderPath } from './lib/news-site.ts';
import { cpuSeconds, CpuMeter, rssMiB } from './lib/proc-stats.ts';

const { values: flags } = parseArgs({
  options: {
    pages: { type: 'string', default: '3000' },
    hosts: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '1' },
    'skip-crawlee': { type: 'boolean', default: false },
    'polite-only': { type: 'boolean', default: false },
    'skip-polite': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '2400' },
    probes: { type: 'string', default: '50' },
    'polite-pages': { type: 'string' },
    'polite-delay': { type: 'string', default: '250' },
    'polite-concurrency': { type: 'string', default: '2' },
    'polite-latency': { type: 'string', default: '20' },
    'crawlee-concurrency': { type: 'string', default: '8' },
    'work-sample': { type: 'string', default: '400' },
    'drain-timeout': { type: 'string', default: '120' },
    'redis-memory-peer': { type: 'boolean', default: false },
  },
});
const PAGES = Number(flags.pages);
const HOSTS = Number(flags.hosts);
const ROUNDS = Number(flags.rounds);
const PROBES = Number(flags.probes);
const POLITE_DELAY = Number(flags['polite-delay']);
const POLITE_CONC = Number(flags['polite-concurrency']);
const POLITE_LATENCY = Number(flags['polite-latency']);
const POLITE_PAGES = Number(flags['polite-pages'] ?? HOSTS * 40);
const CRAWLEE_CONC = Number(flags['crawlee-concurrency']);
const DRAIN_TIMEOUT_S = Number(flags['drain-timeout']);
const DEADLINE = performance.now() + Number(flags.timeout) * 1000;
const HERE = fileURLToPath(new URL('.', import.meta.url));
const T0 = performance.now();

// Progress goes to stderr so that --json output on stdout stays one parseable object.
const log = (msg: string) => process.stderr.write(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
function remaining(what: string): number {
  const left = DEADLINE - performance.now();
  if (left <= 0) throw new Error(`--timeout reached during ${what}`);
  return left;
}

// Everything started is stopped on the way out, also on timeout or Ctrl+C.
const cleanups = new Set<() => Promise<void>>();
async function cleanupAll(): Promise<void> {
  const all = [...cleanups].reverse();
  cleanups.clear();
  await Promise.allSettled(all.map((c) => c()));
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanupAll().then(() => process.exit(130)));
const hardStop = setTimeout(
  () => {
    log('--timeout passed: stopping everything');
    void cleanupAll().then(() => process.exit(3));
  },
  Number(flags.timeout) * 1000 + 60_000,
);
hardStop.unref();

// --- the fixture site, in a child process ------------------------------------------------------

interface Site {
  pid: number;
  hosts: { address: string; base: string }[];
  control: string;
  totalPages: number;
  totalArticles: number;
  startUrls: string[];
  summary(): Promise<{ pages: number; notFound: number }>;
  stats(): Promise<HostStats[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function startSite(pages: number, hosts: number, latencyMs: number): Promise<Site> {
  const child = spawn(process.execPath, [join(HERE, 'lib', 'news-site-server.ts'), JSON.stringify({ pages, hosts, latencyMs })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise<{ hosts: Site['hosts']; control: string; totalPages: number; totalArticles: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`fixture server exited with ${code}: ${out}`)));
  });
  const get = async <T>(path: string) => (await (await fetch(`${ready.control}${path}`)).json()) as T;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    await exited;
  };
  cleanups.add(stop);
  return {
    pid: child.pid!,
    ...ready,
    startUrls: ready.hosts.map((h) => `${h.base}/`),
    summary: () => get('/summary'),
    stats: () => get('/stats'),
    reset: async () => void (await get('/reset')),
    stop,
  };
}

// --- page work: what one page costs when nothing but the work runs ------------------------------

function measurePageWork(site: Site, sample: number): { pages: number; msPerPage: number; bytesPerPage: number } {
  const plan = planSite(PAGES, HOSTS);
  const all = plan.hosts.flatMap((h) => h.paths.map((p) => ({ h, p, base: site.hosts[h.index]!.base })));
  const step = Math.max(1, Math.floor(all.length / sample));
  const pages = all
    .filter((_, i) => i % step === 0)
    .slice(0, sample)
    .map(({ h, p, base }) => ({ url: `${base}${p}`, body: Buffer.from(renderPath(h, p, base)!, 'utf8') }));
  const work = (pg: { url: string; body: Buffer }) => {
    const { record } = processHtml({
      body: pg.body,
      url: pg.url,
      finalUrl: pg.url,
      contentType: 'text/html; charset=utf-8',
      archiveKey: 'bench',
      contentDigest: 'bench',
      fetchedAt: new Date().toISOString(),
    });
    if (record.text) enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language ?? null });
  };
  // Warm the JIT first, as a long-running worker would be.
  for (const pg of pages.slice(0, 30)) work(pg);
  const c0 = process.cpuUsage();
  for (const pg of pages) work(pg);
  const c = process.cpuUsage(c0);
  return { pages: pages.length, msPerPage: round((c.user + c.system) / 1000 / pages.length), bytesPerPage: Math.round(pages.reduce((a, p) => a + p.body.length, 0) / pages.length) };
}

// --- checkpoints --------------------------------------------------------------------------------

interface Checkpoint {
  pages: number;
  rssMiB: Record<string, number | null>;
  redisUsedMemoryMiB?: number;
}

function checkpointTargets(total: number): number[] {
  if (total >= 50_000) return [10_000, 25_000, total];
  return [0.25, 0.5, 1].map((f) => Math.round(total * f));
}

// --- (a) Crawlee ---------------------------------------------------------------------------------

interface CrawleeReport {
  pages: number;
  extracted: number;
  seconds: number;
  pagesPerSecond: number;
  cpuSecondsPerPage: Record<string, number>;
  checkpoints: Checkpoint[];
}

async function runCrawlee(site: Site): Promise<CrawleeReport> {
  await site.reset();
  const storageDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-crawlee-'));
  const args = { startUrls: site.startUrls, maxRequests: Math.ceil(site.totalPages * 1.1) + 10, maxConcurrency: CRAWLEE_CONC, storageDir };
  const child: ChildProcess = spawn(process.execPath, [join(HERE, 'lib', 'crawlee-run.ts'), JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, CRAWLEE_STORAGE_DIR: storageDir },
  });
  const kill = async () => void child.kill('SIGKILL');
  cleanups.add(kill);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-5000)));
  const targets = checkpointTargets(site.totalPages).slice(0, -1);
  const checkpoints: Checkpoint[] = [];
  const serverCpu0 = cpuSeconds(site.pid) ?? 0;
  const result = await new Promise<{ pages: number; extracted: number; seconds: number; cpuSeconds: number }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^RESULT (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`crawlee run exited with ${code}:\n${err}`)));
    const timer = setInterval(() => {
      if (performance.now() > DEADLINE) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error('--timeout reached during the Crawlee run'));
        return;
      }
      void site.summary().then(
        (s) => {
          while (targets.length && s.pages >= targets[0]!) checkpoints.push({ pages: targets.shift()!, rssMiB: { crawlee: rssMiB(child.pid!) } });
          log(`crawlee: ${s.pages}/${site.totalPages} pages served`);
        },
        () => {},
      );
    }, 5_000);
    child.once('exit', () => clearInterval(timer));
  });
  checkpoints.push({ pages: site.totalPages, rssMiB: { crawlee: rssMiB(child.pid!) } });
  const served = (await site.summary()).pages;
  const serverCpu = (cpuSeconds(site.pid) ?? 0) - serverCpu0;
  child.stdin!.end();
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  cleanups.delete(kill);
  rmSync(storageDir, { recursive: true, force: true });
  return {
    pages: served,
    extracted: result.extracted,
    seconds: round(result.seconds, 1),
    pagesPerSecond: round(served / result.seconds, 1),
    cpuSecondsPerPage: { crawlee: round(result.cpuSeconds / served, 4), fixtureServer: round(serverCpu / served, 4) },
    checkpoints,
  };
}

// --- (b) the ingest stack ------------------------------------------------------------------------

interface IngestReport {
  pages: number;
  documents: number;
  seconds: number;
  pagesPerSecond: number;
  cpuSecondsPerPage: Record<string, number>;
  redisCommandsPerPage: number;
  redisCommandsPerPageWithoutIdlePolling: number;
  idleRedisCommandsPerSecond: number;
  topRedisCommandsPerPage: Record<string, number>;
  s3RequestsPerPage: number;
  s3RequestsPerPageByKind: Record<string, number>;
  extractRunsPerPage: number;
  extractJobsPerPage: number | null;
  counters: Record<string, number>;
  failures: number;
  checkpoints: Checkpoint[];
  /** Work the pipeline goes on doing once every page is searchable (re-extraction, re-indexing), up to --drain-timeout. */
  afterSearchable: {
    drained: boolean;
    secondsFromEnqueue: number;
    pendingAtEnd: string;
    extractRunsPerPage: number;
    cpuSecondsPerPage: Record<string, number>;
    redisCommandsPerPage: number;
    s3RequestsPerPage: number;
  };
  /** Redis after the drain, less what the idle stack held before the enqueue. */
  redisAfterDrain: { usedMemoryBytesPerPage: number; keys: number; keysPerPage: number };
}

interface LatencyReport {
  probes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

async function withStack<T>(label: string, env: Record<string, string>, fn: (stack: IngestStack) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-pipeline-${label}-`));
  log(`${label}: starting redis-server, Meilisearch, s3rver and ingest start (data in ${dataDir})`);
  const stack = await startIngestStack(dataDir, env, Math.min(180_000, remaining(`${label} start-up`)));
  const stop = async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  cleanups.add(stop);
  try {
    return await fn(stack);
  } catch (err) {
    process.stderr.write(`ingest output (tail):\n${stack.output().slice(-3000)}\n`);
    throw err;
  } finally {
    cleanups.delete(stop);
    await stop();
  }
}

/**
 * Waits until every page is searchable and returns when the Meilisearch document count last grew,
 * i.e. when the last document became visible. Searchable means: one document per page, or (pages
 * that are no article may be skipped) every page fetched, at least one document per article and no
 * growth for 15 s, or every queue drained with no Meilisearch task left (pages that failed).
 * Queue status costs Redis commands, so it is only read once the count has stalled.
 */
async function waitSearchable(
  stack: IngestStack,
  site: Site,
  label: string,
  onTick?: (served: number, docs: number) => Promise<void>,
): Promise<{ endedAt: number; documents: number; statusPolls: number }> {
  let docs = 0;
  let lastChange = performance.now();
  let lastLog = 0;
  let statusPolls = 0;
  for (;;) {
    remaining(`${label}: waiting for ${site.totalPages} pages to be searchable (have ${docs})`);
    const [n, served] = await Promise.all([stack.documentCount(), site.summary().then((x) => x.pages)]);
    if (n !== docs) {
      docs = n;
      lastChange = performance.now();
    }
    await onTick?.(served, docs);
    const stalledMs = performance.now() - lastChange;
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      log(`${label}: ${served}/${site.totalPages} pages fetched, ${docs} searchable`);
    }
    if (docs >= site.totalPages) return { endedAt: lastChange, documents: docs, statusPolls };
    if (served >= site.totalPages && docs >= site.totalArticles && stalledMs > 15_000) return { endedAt: lastChange, documents: docs, statusPolls };
    if (stalledMs > 10_000) {
      statusPolls++;
      // On an overloaded machine the status call may time out (503): that is "not idle yet", not a failed run.
      const idle = await stack.status().then(
        (s) => s.idle,
        () => false,
      );
      if (idle && (await stack.pendingTasks()) === 0) return { endedAt: lastChange, documents: docs, statusPolls };
    }
    await sleep(250);
  }
}

/** After the pages are searchable, background work (re-extraction, re-indexing) may go on: wait for it, bounded. */
async function waitDrained(stack: IngestStack, label: string, timeoutMs: number): Promise<{ drained: boolean; status: IngestStatus }> {
  const until = Math.min(performance.now() + timeoutMs, DEADLINE);
  let idleReads = 0;
  let lastLog = 0;
  for (;;) {
    const status = await stack.status();
    idleReads = status.idle && (await stack.pendingTasks()) === 0 ? idleReads + 1 : 0;
    // Twice in a row: a stage hands its job to the next between two reads.
    if (idleReads >= 2) return { drained: true, status };
    if (performance.now() > until) return { drained: false, status };
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`${label}: searchable; waiting for the queues to drain (${pendingSummary(status)})`);
    }
    await sleep(500);
  }
}

function pendingSummary(status: IngestStatus): string {
  const parts = Object.entries(status.queues)
    .map(([q, c]) => [q, (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([q, n]) => `${q} ${n}`);
  return parts.length ? `pending: ${parts.join(', ')}` : 'nothing pending';
}

const commandTotal = (o: Record<string, number>) => Object.entries(o).reduce((a, [k, v]) => (k === 'info' ? a : a + v), 0);
const extractRuns = (counters: Record<string, number>) =>
  Object.entries(counters)
    .filter(([k]) => ['extract.done', 'extract.skipped', 'extract.failed', 'extract.unchanged'].includes(k))
    .reduce((a, [, v]) => a + v, 0);

async function usedMemoryBytes(stack: IngestStack): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await stack.redis.info('memory'))?.[1] ?? 0);
}

async function runIngest(site: Site, label = 'ingest', env: Record<string, string> = {}): Promise<IngestReport> {
  // A loaded machine can hold a producer's Redis reply past the 500 ms default: the enqueue must not fail.
  return withStack(label, { FETCH_HOST_DELAY_MS: '0', REDIS_COMMAND_TIMEOUT_MS: '10000', ...env }, async (stack) => {
    await site.reset();
    const meter = new CpuMeter({ ...stack.pids, fixtureServer: site.pid });
    // Idle workers poll Redis; measure that rate first to tell it from the pages' own commands.
    await sleep(1_000);
    const idle0 = await commandStats(stack.redis);
    await sleep(3_000);
    const idlePerS = (commandTotal(await commandStats(stack.redis)) - commandTotal(idle0)) / 3;
    // One status read, as the wait loops do: its commands are the benchmark's, not the pipeline's.
    const s0 = await commandStats(stack.redis);
    await stack.status();
    const statusCost = Math.max(0, commandTotal(await commandStats(stack.redis)) - commandTotal(s0));

    stack.s3.reset();
    const memory0 = await usedMemoryBytes(stack);
    const keys0 = await stack.redis.dbsize();
    const before = await commandStats(stack.redis);
    const targets = checkpointTargets(site.totalPages).slice(0, -1);
    const checkpoints: Checkpoint[] = [];
    const checkpoint = async (pages: number) => checkpoints.push({ pages, rssMiB: meter.rss(), redisUsedMemoryMiB: await usedMemoryMiB(stack.redis) });
    meter.start();
    const t0 = performance.now();
    await stack.enqueue(site.startUrls, { maxPages: site.totalPages + site.hosts.length * 2, maxDepth: 5 });
    const done = await waitSearchable(stack, site, 'ingest', async (served) => {
      while (targets.length && served >= targets[0]!) await checkpoint(targets.shift()!);
    });
    const seconds = (done.endedAt - t0) / 1000;
    const cpu = meter.delta();
    const after = await commandStats(stack.redis);
    const s3Counts = { ...stack.s3.counts };
    await checkpoint(site.totalPages);
    const status = await stack.status();
    const pages = (await site.summary()).pages;
    log(`ingest: ${pages} pages, ${done.documents} documents searchable after ${round(seconds, 1)} s; ${pendingSummary(status)}`);

    const delta: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) if (k !== 'info' && v - (before[k] ?? 0) > 0) delta[k] = v - (before[k] ?? 0);
    const total = commandTotal(delta) - done.statusPolls * statusCost;
    const elapsed = (performance.now() - t0) / 1000;
    const extractQueue = status.queues.extract ?? {};
    const extractJobs = (extractQueue.completed ?? 0) + (extractQueue.failed ?? 0);
    const perPage = (o: Record<string, number>, d = 4) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v / pages, d)]));

    const drainedAt = await waitDrained(stack, 'ingest', DRAIN_TIMEOUT_S * 1000);
    const drainSeconds = (performance.now() - t0) / 1000;
    const cpuAll = meter.delta();
    const s3All = stack.s3.total();
    const redisAll = commandTotal(await commandStats(stack.redis)) - commandTotal(before);
    const memoryDrained = await usedMemoryBytes(stack);
    const keysDrained = (await stack.redis.dbsize()) - keys0;
    log(`ingest: queues ${drainedAt.drained ? `drained after ${round(drainSeconds, 1)} s` : `not drained after ${round(drainSeconds, 1)} s (${pendingSummary(drainedAt.status)})`}`);
    return {
      pages,
      documents: done.documents,
      seconds: round(seconds, 1),
      pagesPerSecond: round(pages / seconds, 1),
      cpuSecondsPerPage: perPage(cpu),
      redisCommandsPerPage: Math.round(total / pages),
      redisCommandsPerPageWithoutIdlePolling: Math.round((total - idlePerS * seconds) / pages),
      idleRedisCommandsPerSecond: Math.round(idlePerS),
      topRedisCommandsPerPage: perPage(
        Object.fromEntries(
          Object.entries(delta)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10),
        ),
        1,
      ),
      s3RequestsPerPage: round(Object.values(s3Counts).reduce((a, b) => a + b, 0) / pages, 2),
      s3RequestsPerPageByKind: perPage(s3Counts, 2),
      extractRunsPerPage: round(extractRuns(status.counters) / pages, 3),
      // BullMQ may trim completed jobs; then the queue count says less than the counters.
      extractJobsPerPage: extractJobs > 0 ? round(extractJobs / pages, 3) : null,
      counters: status.counters,
      failures: Object.entries(status.counters)
        .filter(([k]) => k.endsWith('.failed'))
        .reduce((a, [, v]) => a + v, 0),
      checkpoints,
      afterSearchable: {
        drained: drainedAt.drained,
        secondsFromEnqueue: round(drainSeconds, 1),
        pendingAtEnd: pendingSummary(drainedAt.status),
        extractRunsPerPage: round(extractRuns(drainedAt.status.counters) / pages, 3),
        cpuSecondsPerPage: perPage(cpuAll),
        redisCommandsPerPage: Math.round((redisAll - (done.statusPolls + 2 + Math.ceil((drainSeconds - elapsed) * 2)) * statusCost) / pages),
        s3RequestsPerPage: round(s3All / pages, 2),
      },
      redisAfterDrain: { usedMemoryBytesPerPage: Math.round((memoryDrained - memory0) / pages), keys: keysDrained, keysPerPage: round(keysDrained / pages, 2) },
    };
  });
}

/** A fresh, idle stack (no backlog from a crawl): enqueue one unlinked page at a time, poll Meilisearch until it is found. */
async function runLatency(site: Site): Promise<LatencyReport> {
  return withStack('latency', { FETCH_HOST_DELAY_MS: '0' }, async (stack) => {
    const ms: number[] = [];
    log(`latency: ${PROBES} single URLs, one at a time, on an idle stack`);
    for (let i = 0; i < PROBES; i++) {
      const h = i % site.hosts.length;
      const url = `${site.hosts[h]!.base}${freshPath(i)}`;
      const token = freshToken(h, i);
      const t = performance.now();
      await stack.enqueue([url]);
      for (;;) {
        if ((await stack.searchUrls(token)).includes(url)) break;
        if (performance.now() - t > 60_000) throw new Error(`latency probe ${url} not searchable after 60 s`);
        remaining('the latency probes');
        await sleep(20);
      }
      ms.push(performance.now() - t);
    }
    return { probes: ms.length, p50Ms: Math.round(percentile(ms, 50)), p95Ms: Math.round(percentile(ms, 95)), maxMs: Math.round(Math.max(...ms)) };
  });
}

// --- polite crawl --------------------------------------------------------------------------------

interface PoliteReport {
  hosts: number;
  pages: number;
  delayMs: number;
  hostConcurrency: number;
  serverLatencyMs: number;
  /** What the limits allow: per host one request start per delay (or concurrency / latency if lower). */
  allowedPagesPerSecond: number;
  achievedPagesPerSecond: number;
  achievedPercent: number;
  perHostPercent: { median: number; min: number; max: number };
  minGapMs: number;
  /** The same, leaving out gaps that start or end at a request the server saw late (its event loop had stalled). */
  minGapReliableMs: number | null;
  gapsBelowDelay: number;
  maxInFlight: number;
  secondsToSearchable: number;
}

async function runPolite(): Promise<PoliteReport> {
  const site = await startSite(POLITE_PAGES, HOSTS, POLITE_LATENCY);
  try {
    return await withStack('polite', { FETCH_HOST_DELAY_MS: String(POLITE_DELAY), FETCH_HOST_CONCURRENCY: String(POLITE_CONC) }, async (stack) => {
      await site.reset();
      const t0 = performance.now();
      await stack.enqueue(site.startUrls, { maxPages: site.totalPages + site.hosts.length * 2, maxDepth: 5 });
      const done = await waitSearchable(stack, site, 'polite');
      const stats = await site.stats();
      const perHostAllowed = Math.min(1000 / POLITE_DELAY, POLITE_LATENCY > 0 ? (POLITE_CONC * 1000) / POLITE_LATENCY : Infinity);
      const perHost = stats
        .filter((s) => s.starts.length > 1)
        .map((s) => {
          const span = (Math.max(...s.starts) - Math.min(...s.starts)) / 1000;
          return ((s.starts.length - 1) / span / perHostAllowed) * 100;
        });
      const starts = stats.flatMap((s) => s.starts);
      const span = (Math.max(...starts) - Math.min(...starts)) / 1000;
      // Rate over the whole crawl: every host's requests from the first start to the last.
      const achieved = (starts.length - stats.length) / span;
      const gaps = stats.flatMap((s) => {
        const order = s.starts.map((t, i) => ({ t, late: s.late[i] === 1 })).sort((a, b) => a.t - b.t);
        return order.slice(1).map((x, i) => ({ gap: x.t - order[i]!.t, reliable: !x.late && !order[i]!.late }));
      });
      const reliable = gaps.filter((g) => g.reliable).map((g) => g.gap);
      const allowed = perHostAllowed * stats.length;
      return {
        hosts: stats.length,
        pages: starts.length,
        delayMs: POLITE_DELAY,
        hostConcurrency: POLITE_CONC,
        serverLatencyMs: POLITE_LATENCY,
        allowedPagesPerSecond: round(allowed, 1),
        achievedPagesPerSecond: round(achieved, 1),
        achievedPercent: round((achieved / allowed) * 100, 1),
        perHostPercent: { median: round(percentile(perHost, 50), 1), min: round(Math.min(...perHost), 1), max: round(Math.max(...perHost), 1) },
        minGapMs: Math.round(Math.min(...gaps.map((g) => g.gap))),
        minGapReliableMs: reliable.length ? Math.round(Math.min(...reliable)) : null,
        gapsBelowDelay: gaps.filter((g) => g.reliable && g.gap < POLITE_DELAY).length,
        maxInFlight: Math.max(...stats.map((s) => s.maxInFlight)),
        secondsToSearchable: round((done.endedAt - t0) / 1000, 1),
      };
    });
  } finally {
    cleanups.delete(site.stop);
    await site.stop();
  }
}

// --- report --------------------------------------------------------------------------------------

function formatText(r: Report): string {
  const L: string[] = [];
  const cpuMs = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${round(v * 1000, 2)}`)
      .join(', ');
  const sumCpu = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([k]) => k !== 'fixtureServer')
      .reduce((a, [, v]) => a + v, 0) * 1000;
  L.push(
    `pipeline benchmark: ${r.site.pages} pages (${r.site.articles} articles) over ${r.site.hosts} hosts, ${r.rounds.length} round(s); load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
  );
  if (r.pageWork)
    L.push(`page work (decode+parse+metadata+extract+enrich, one process, ${r.pageWork.pages} pages of ${Math.round(r.pageWork.bytesPerPage / 1024)} KiB): ${r.pageWork.msPerPage} ms CPU/page`);
  r.rounds.forEach((rd, i) => {
    L.push('', `round ${i + 1}`);
    if (rd.crawlee) {
      const c = rd.crawlee;
      L.push(
        `  (a) crawlee   ${c.pages} pages in ${c.seconds} s = ${c.pagesPerSecond} pages/s; CPU ms/page: ${cpuMs(c.cpuSecondsPerPage)}${r.pageWork ? `; CPU/page-work ${round(sumCpu(c.cpuSecondsPerPage) / r.pageWork.msPerPage, 2)}x` : ''}`,
      );
      L.push(`      RSS MiB at ${c.checkpoints.map((k) => `${k.pages}: ${k.rssMiB.crawlee}`).join(', ')}`);
    }
    if (rd.ingest) {
      const g = rd.ingest;
      L.push(
        `  (b) ingest    ${g.pages} pages, ${g.documents} searchable in ${g.seconds} s = ${g.pagesPerSecond} pages/s; CPU ms/page: ${cpuMs(g.cpuSecondsPerPage)} (total ${round(sumCpu(g.cpuSecondsPerPage), 1)})${r.pageWork ? `; CPU/page-work ${round(sumCpu(g.cpuSecondsPerPage) / r.pageWork.msPerPage, 2)}x` : ''}`,
      );
      L.push(
        `      Redis commands/page ${g.redisCommandsPerPage} (${g.redisCommandsPerPageWithoutIdlePolling} without idle polling of ${g.idleRedisCommandsPerSecond}/s); top: ${Object.entries(
          g.topRedisCommandsPerPage,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      L.push(
        `      S3 requests/page ${g.s3RequestsPerPage} (${Object.entries(g.s3RequestsPerPageByKind)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}); extract runs/page ${g.extractRunsPerPage} (counters)${g.extractJobsPerPage !== null ? `, ${g.extractJobsPerPage} (extract queue jobs)` : ''}; failures ${g.failures}`,
      );
      for (const k of g.checkpoints)
        L.push(
          `      at ${k.pages} pages: RSS MiB ${Object.entries(k.rssMiB)
            .map(([n, v]) => `${n} ${v}`)
            .join(', ')}; Redis used_memory ${k.redisUsedMemoryMiB} MiB`,
        );
      const a = g.afterSearchable;
      L.push(
        `      after every page was searchable: queues ${a.drained ? `drained ${a.secondsFromEnqueue} s after the enqueue` : `still busy ${a.secondsFromEnqueue} s after the enqueue (${a.pendingAtEnd})`}; by then extract runs/page ${a.extractRunsPerPage}, CPU ms/page ${cpuMs(a.cpuSecondsPerPage)}, Redis commands/page ${a.redisCommandsPerPage}, S3 requests/page ${a.s3RequestsPerPage}`,
      );
      L.push(redisMemoryLine('ingest', g));
      if (rd.ingestOldRetention) L.push(redisMemoryLine('old retention (JOB_KEEP_COMPLETED=50000)', rd.ingestOldRetention));
      if (rd.ingestOldRetention)
        L.push(`      Redis memory per page after drain, ingest / old retention: ${round(g.redisAfterDrain.usedMemoryBytesPerPage / rd.ingestOldRetention.redisAfterDrain.usedMemoryBytesPerPage, 3)}`);
    }
    if (rd.crawlee && rd.ingest) L.push(`  ratio ingest/crawlee pages/s: ${round(rd.ingest.pagesPerSecond / rd.crawlee.pagesPerSecond, 2)}`);
  });
  if (r.latency)
    L.push('', `enqueue-to-searchable, ${r.latency.probes} single URLs one at a time on a fresh idle stack: p50 ${r.latency.p50Ms} ms, p95 ${r.latency.p95Ms} ms, max ${r.latency.maxMs} ms`);
  if (r.ratio !== null) L.push('', `RATIO ingest/crawlee pages/s (median over rounds): ${r.ratio}`);
  if (r.polite) {
    const p = r.polite;
    L.push('', `polite crawl: ${p.pages} pages over ${p.hosts} hosts, delay ${p.delayMs} ms, ${p.hostConcurrency} in flight per host, server latency ${p.serverLatencyMs} ms`);
    L.push(
      `  achieved ${p.achievedPagesPerSecond} pages/s of ${p.allowedPagesPerSecond} allowed = ${p.achievedPercent} % (per host median ${p.perHostPercent.median} %, min ${p.perHostPercent.min} %, max ${p.perHostPercent.max} %); smallest gap between starts on a host ${p.minGapMs} ms (${p.minGapReliableMs ?? '-'} ms without late timestamps, ${p.gapsBelowDelay} reliable gaps below the delay), max in flight ${p.maxInFlight}; all searchable after ${p.secondsToSearchable} s`,
    );
    const free = r.rounds.map((rd) => rd.ingest?.pagesPerSecond).filter((x): x is number => x !== undefined);
    if (free.length)
      L.push(
        `  (unthrottled ingest ran ${round(percentile(free, 50), 1)} pages/s in this run: where that is below ${p.allowedPagesPerSecond}, the polite figure is bound by throughput, not by the politeness scheduler)`,
      );
  }
  return L.join('\n');
}

function redisMemoryLine(label: string, g: IngestReport): string {
  const m = g.redisAfterDrain;
  return `      ${label}: Redis after drain ${round(m.usedMemoryBytesPerPage / 1024, 2)} KB/page used_memory over ${g.pages} pages, ${m.keys} keys (${m.keysPerPage}/page)`;
}

interface Report {
  site: { pages: number; articles: number; hosts: number };
  pageWork: ReturnType<typeof measurePageWork> | null;
  rounds: { crawlee?: CrawleeReport; ingest?: IngestReport; ingestOldRetention?: IngestReport }[];
  ratio: number | null;
  latency: LatencyReport | null;
  polite: PoliteReport | null;
}

async function main(): Promise<void> {
  const report: Report = { site: { pages: PAGES, articles: 0, hosts: HOSTS }, pageWork: null, rounds: [], ratio: null, latency: null, polite: null };
  if (!flags['polite-only']) {
    const site = await startSite(PAGES, HOSTS, 0);
    report.site = { pages: site.totalPages, articles: site.totalArticles, hosts: site.hosts.length };
    log(`fixture site: ${site.totalPages} pages (${site.totalArticles} articles) on ${site.hosts.map((h) => h.address).join(', ')}`);
    report.pageWork = measurePageWork(site, Number(flags['work-sample']));
    log(`page work: ${report.pageWork.msPerPage} ms CPU/page over ${report.pageWork.pages} pages`);
    for (let r = 0; r < ROUNDS; r++) {
      const rd: Report['rounds'][number] = {};
      if (!flags['skip-crawlee']) {
        log(`round ${r + 1}: (a) crawlee`);
        rd.crawlee = await runCrawlee(site);
        log(`crawlee: ${rd.crawlee.pagesPerSecond} pages/s`);
      }
      log(`round ${r + 1}: (b) ingest`);
      rd.ingest = await runIngest(site);
      log(`ingest: ${rd.ingest.pagesPerSecond} pages/s`);
      if (flags['redis-memory-peer']) {
        log(`round ${r + 1}: (c) ingest with the old job retention`);
        rd.ingestOldRetention = await runIngest(site, 'ingest-old-retention', { JOB_KEEP_COMPLETED: '50000' });
      }
      report.rounds.push(rd);
    }
    if (PROBES > 0) report.latency = await runLatency(site);
    await site.stop();
    cleanups.delete(site.stop);
    const ratios = report.rounds.filter((rd) => rd.crawlee && rd.ingest).map((rd) => rd.ingest!.pagesPerSecond / rd.crawlee!.pagesPerSecond);
    report.ratio = ratios.length ? round(percentile(ratios, 50), 2) : null;
  }
  if (!flags['skip-polite']) {
    log(`polite crawl: ${POLITE_PAGES} pages, ${POLITE_DELAY} ms per host, ${POLITE_CONC} in flight`);
    report.polite = await runPolite();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatText(report)}\n`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`bench:pipeline failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
  clearTimeout(hardStop);
}
