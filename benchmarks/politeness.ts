// Politeness benchmark: several fetcher processes crawl a loopback site spread over several hosts;
// each host's server records when requests start and end, and the table shows, per host, the
// smallest gap between two request starts against the configured delay and the highest
// concurrency against the configured limit. One host is slow and one answers 429 with
// Retry-After at first: neither may hold up the others.
//
//   npm run bench:politeness            (starts its own redis-server and s3rver)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, SETTINGS, type Config } from '@ingest/config';
import { freePort, startRedisServer, startS3rver } from '@ingest/embedded';
import { createLogger } from '@ingest/logger';
import { connect } from '@ingest/runtime';
import { SourceRegistry } from '@ingest/sources';

const FETCHER_MAIN = fileURLToPath(new URL('../services/fetcher/src/main.ts', import.meta.url));

export interface PolitenessOptions {
  /** Redis and S3 to use (queue prefix and bucket should be the run's own). */
  config: Config;
  hosts: string[];
  pagesPerHost: number;
  fetchers: number;
  delayMs: number;
  hostConcurrency: number;
  slowHost?: { host: string; latencyMs: number };
  rateLimitedHost?: { host: string; first429s: number; retryAfterS: number };
  timeoutMs?: number;
}

export interface HostReport {
  host: string;
  pages: number;
  requests: number;
  rateLimited: number;
  /** Smallest gap between two request starts (robots.txt excluded: RobotsCache fetches it outside the limiter). */
  minGapMs: number;
  /** The same, leaving out pairs whose first request this process saw right after its own event loop stalled (its time is late). */
  minGapReliableMs: number;
  /** The two requests (path@ms since the host's first request) that were closest. */
  closestPair: string;
  /** How many of the gaps between consecutive starts were below the configured delay. */
  gapsBelowDelay: number;
  gaps: number;
  /** Median gap between two request starts. */
  medianGapMs: number;
  /** Seconds from the last 429 answer to the next request on this host (Retry-After honoured), or null. */
  pauseAfter429S: number | null;
  maxConcurrency: number;
  /** Seconds from the first request to the last response on this host. */
  spanS: number;
}

export interface PolitenessReport {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  hosts: HostReport[];
  /** How often this process's event loop stalled for more than 25 ms during the run. */
  instrumentStalls: number;
}

interface Hit {
  path: string;
  start: number;
  /** Timestamped late (this process's event loop had stalled). */
  late: boolean;
  end: number;
  status: number;
}

const pageHtml = (host: string, i: number) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${host} page ${i}</title></head><body><article><h1>Page ${i}</h1><p>Loopback page ${i} on ${host}.</p></article></body></html>`;

async function startHost(host: string, pages: number, options: PolitenessOptions, stalls: StallMonitor): Promise<{ server: Server; base: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  let served429 = 0;
  const server = createServer((req, res) => {
    const hit: Hit = { path: req.url ?? '/', start: performance.now(), late: stalls.late(), end: 0, status: 0 };
    hits.push(hit);
    res.on('close', () => {
      hit.end = performance.now();
      hit.status = res.statusCode;
    });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/robots.txt') return res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (path === '/sitemap.xml') {
      const base = `http://${req.headers.host}`;
      const urls = Array.from({ length: pages }, (_, i) => `<url><loc>${base}/p/${i}.html</loc></url>`).join('');
      return res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
    }
    const m = /^\/p\/(\d+)\.html$/.exec(path);
    if (!m) return res.writeHead(404).end();
    const limited = options.rateLimitedHost?.host === host ? options.rateLimitedHost : undefined;
    if (limited && served429 < limited.first429s) {
      served429++;
      return res.writeHead(429, { 'retry-after': String(limited.retryAfterS) }).end('slow down');
    }
    const latency = options.slowHost?.host === host ? options.slowHost.latencyMs : 10 + Math.floor(Math.random() * 50);
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(host, Number(m[1]))), latency);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, base: `http://${host}:${(server.address() as AddressInfo).port}`, hits };
}

/**
 * The servers run in this process, whose event loop can itself be starved (CPU contention): a
 * request that arrived during a stall is timestamped when the loop resumes, i.e. late. A 5 ms
 * ticker notices a stall when the loop resumes (timers run before I/O callbacks) and clears the
 * mark on its next on-time tick, so every event handled in between is known to be late.
 */
class StallMonitor {
  stalls = 0;
  private afterStall = false;
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.afterStall = now - this.last > 25;
    if (this.afterStall) this.stalls++;
    this.last = now;
  }, 5);

  /** Call when an event arrives: true when its timestamp is late. */
  late(): boolean {
    return this.afterStall || performance.now() - this.last > 25;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function analyse(host: string, hits: Hit[], delayMs: number): HostReport {
  const limited = hits.filter((h) => h.path !== '/robots.txt').sort((a, b) => a.start - b.start);
  let minGap = Infinity;
  let minReliable = Infinity;
  let closestPair = '';
  const at = (h: Hit) => `${h.path}@${Math.round(h.start - limited[0]!.start)}${h.late ? '(late)' : ''} ${h.status}`;
  for (let i = 1; i < limited.length; i++) {
    const gap = limited[i]!.start - limited[i - 1]!.start;
    if (gap < minGap) closestPair = `${at(limited[i - 1]!)} → ${at(limited[i]!)}`;
    minGap = Math.min(minGap, gap);
    if (!limited[i - 1]!.late) minReliable = Math.min(minReliable, gap);
  }
  // Sweep over start/end events; an end at the same instant as a start is counted first.
  const events = limited
    .flatMap((h) => [
      { t: h.start, d: 1 },
      { t: h.end, d: -1 },
    ])
    .sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.d));
  const pages = limited.filter((h) => h.path.startsWith('/p/') && h.status === 200).length;
  const gaps = limited
    .slice(1)
    .map((h, i) => h.start - limited[i]!.start)
    .sort((a, b) => a - b);
  const last429 = limited.findLastIndex((h) => h.status === 429);
  const after = last429 >= 0 ? limited[last429 + 1] : undefined;
  const pauseAfter429S = after ? Math.round((after.start - limited[last429]!.end) / 100) / 10 : null;
  const span = limited.length > 0 ? (Math.max(...limited.map((h) => h.end)) - limited[0]!.start) / 1000 : 0;
  return {
    host,
    pages,
    requests: limited.length,
    rateLimited: limited.filter((h) => h.status === 429).length,
    minGapMs: Math.round(minGap * 10) / 10,
    minGapReliableMs: Math.round(minReliable * 10) / 10,
    closestPair,
    gapsBelowDelay: gaps.filter((g) => g < delayMs).length,
    gaps: gaps.length,
    medianGapMs: Math.round((gaps[Math.floor(gaps.length / 2)] ?? 0) * 10) / 10,
    pauseAfter429S,
    maxConcurrency: max,
    spanS: Math.round(span * 10) / 10,
  };
}

function envFor(config: Config, options: PolitenessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const value = config[key as keyof Config];
    if (value !== undefined && value !== null) env[setting.env] = String(value);
  }
  return {
    ...env,
    FETCH_HOST_DELAY_MS: String(options.delayMs),
    FETCH_HOST_CONCURRENCY: String(options.hostConcurrency),
    FETCH_CONCURRENCY: '8',
    FETCH_ALLOW_NETWORKS: '127.0.0.0/8',
    FETCH_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'silent',
    // The fetch stage never talks to Meilisearch; the setting only has to be present.
    MEILI_URL: config.meiliUrl ?? 'http://127.0.0.1:9',
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs one crawl of `hosts × pagesPerHost` pages through a sitemap source and measures politeness per host. */
export async function runPoliteness(options: PolitenessOptions): Promise<PolitenessReport> {
  const log = createLogger({ level: 'silent' });
  // The servers are the measuring instrument: let them run ahead of the fetchers when CPUs are scarce.
  try {
    setPriority(-10);
  } catch {
    // Not permitted: the stall monitor still flags late timestamps.
  }
  const stalls = new StallMonitor();
  const sites = await Promise.all(options.hosts.map((h) => startHost(h, options.pagesPerHost, options, stalls)));
  const config: Config = { ...options.config, meiliUrl: options.config.meiliUrl ?? 'http://127.0.0.1:9', logLevel: 'silent' };
  const conns = await connect(config, log, 'producer');
  const children: ChildProcess[] = [];
  try {
    await conns.archive.ensureReady();
    for (let i = 0; i < options.fetchers; i++) children.push(spawn(process.execPath, [FETCHER_MAIN], { env: envFor(config, options), stdio: ['ignore', 'ignore', 'inherit'] }));
    const registry = new SourceRegistry(conns.redis, conns.queues);
    await registry.add({ id: 'politeness', kind: 'sitemap', urls: sites.map((s) => `${s.base}/sitemap.xml`) });
    await registry.runNow('politeness');
    const total = options.hosts.length * options.pagesPerHost;
    const deadline = performance.now() + (options.timeoutMs ?? 300_000);
    for (;;) {
      const fetch = await conns.queues.queues.fetch.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      const discover = await conns.queues.queues.discover.getJobCounts('waiting', 'active', 'delayed');
      const settled = (fetch.completed ?? 0) + (fetch.failed ?? 0);
      const pending = (fetch.waiting ?? 0) + (fetch.active ?? 0) + (fetch.delayed ?? 0) + Object.values(discover).reduce((a, b) => a + b, 0);
      if (settled >= total && pending === 0) break;
      if (performance.now() > deadline) throw new Error(`politeness run timed out: ${settled}/${total} fetch jobs settled`);
      if (children.every((c) => c.exitCode !== null)) throw new Error('every fetcher process exited; run with LOG_LEVEL=info to see why');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(children.map(stop));
    await conns.close();
    await Promise.all(
      sites.map(
        (s) =>
          new Promise((r) => {
            s.server.closeAllConnections();
            s.server.close(r);
          }),
      ),
    );
    stalls.stop();
  }
  const hosts = sites.map((s, i) => analyse(options.hosts[i]!, s.hits, options.delayMs));
  const pageHits = sites.flatMap((s) => s.hits.filter((h) => h.path.startsWith('/p/') && h.status === 200));
  const seconds = (Math.max(...pageHits.map((h) => h.end)) - Math.min(...pageHits.map((h) => h.start))) / 1000;
  return { pages: pageHits.length, seconds: Math.round(seconds * 10) / 10, pagesPerSecond: Math.round((pageHits.length / seconds) * 10) / 10, hosts, instrumentStalls: stalls.stalls };
}

export function formatReport(report: PolitenessReport, options: PolitenessOptions): string {
  const role = (h: string) =>
    h === options.slowHost?.host
      ? `slow (${options.slowHost.latencyMs} ms)`
      : h === options.rateLimitedHost?.host
        ? `429 ×${options.rateLimitedHost.first429s}, Retry-After ${options.rateLimitedHost.retryAfterS} s`
        : '';
  const lines = [
    `${report.pages} pages in ${report.seconds} s = ${report.pagesPerSecond} pages/s with ${options.fetchers} fetcher processes (delay ${options.delayMs} ms, ${options.hostConcurrency} per host)`,
    '',
    '| host | pages | requests | 429 | min gap between starts (ms) | same, without late timestamps | gaps below delay | median gap | configured delay (ms) | max concurrency | limit | pause after 429 (s) | span (s) | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.hosts.map(
      (h) =>
        `| ${h.host} | ${h.pages} | ${h.requests} | ${h.rateLimited} | ${h.minGapMs} | ${h.minGapReliableMs} | ${h.gapsBelowDelay}/${h.gaps} | ${h.medianGapMs} | ${options.delayMs} | ${h.maxConcurrency} | ${options.hostConcurrency} | ${h.pauseAfter429S ?? '-'} | ${h.spanS} | ${role(h.host)} |`,
    ),
    '',
    `The measuring process's event loop stalled (> 25 ms) ${report.instrumentStalls} times; requests timestamped right after a stall are late, so a gap starting at one is not evidence (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs).`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-bench-politeness-'));
  const redis = await startRedisServer({ port: await freePort(), dir: join(scratch, 'redis'), appendOnly: false });
  const s3 = await startS3rver({ port: await freePort(), directory: join(scratch, 's3') });
  try {
    const options: PolitenessOptions = {
      config: loadConfig({}, { redisUrl: redis.url, s3Endpoint: s3.url, s3Bucket: 'bench-politeness', queuePrefix: '{bench}' }),
      hosts: ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'],
      pagesPerHost: 60,
      fetchers: 3,
      delayMs: 200,
      hostConcurrency: 2,
      slowHost: { host: '127.0.0.5', latencyMs: 800 },
      rateLimitedHost: { host: '127.0.0.6', first429s: 3, retryAfterS: 2 },
    };
    const report = await runPoliteness(options);
    console.log(formatReport(report, options));
    const bad = report.hosts.filter((h) => h.minGapReliableMs < options.delayMs || h.maxConcurrency > options.hostConcurrency);
    if (bad.length > 0) {
      console.log(`\nVIOLATION on ${bad.map((h) => h.host).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await s3.stop();
    await redis.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
