// Site-template learning under a real crawl: generated news sites on several loopback hosts go
// through fetch -> extract -> enrich -> index, and the run prints how many extractions each page
// cost, Redis commands per page, template decisions per host, and whether any template block
// leaked into an indexed body.
// Usage: node benchmarks/template-storm.ts [--hosts 20] [--pages 250] [--timeout 900] [--extract-concurrency 2] [--monitor]
// --monitor attributes Redis commands to key families (MONITOR: slow, for small runs only).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../packages/config/src/index.ts';
import { freePort, startMeilisearch, startRedisServer, startS3rver } from '../packages/embedded/src/index.ts';
import { createLogger } from '../packages/logger/src/index.ts';
import { CrawlFrontier, enqueueUrls } from '../packages/pipeline/src/index.ts';
import { startPipelineProcess } from '../packages/runtime/src/index.ts';
import { html, startFixtureServer, type FixtureHandler, type FixtureServer } from '../packages/testing/src/fixture-server.ts';
import { argValue } from './lib/datasets.ts';
import { articleHtml, indexHtml, paragraphs, templateBlocks } from './lib/template-sites.ts';

const hosts = Number(argValue('--hosts') ?? 20);
const pagesPerHost = Number(argValue('--pages') ?? 250);
const timeoutS = Number(argValue('--timeout') ?? 900);
const extractConcurrency = Number(argValue('--extract-concurrency') ?? 2);
const monitor = process.argv.includes('--monitor');

/** "hget dedupe:tpl:*:meta": the command and its first key with ids, hosts and hashes folded. */
function family(args: string[]): string {
  const cmd = (args[0] ?? '').toLowerCase();
  const key = (args[cmd === 'evalsha' || cmd === 'eval' ? 3 : 1] ?? '')
    .replace(/^\{bench\}:/, '')
    .replace(/\d+\.\d+\.\d+\.\d+:\d+/g, 'HOST')
    .replace(/[0-9a-f]{12,}/g, 'ID')
    .replace(/:\d+/g, ':N');
  return `${cmd} ${cmd === 'evalsha' || cmd === 'eval' ? `(${args[2]} keys) ` : ''}${key}`;
}

async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-template-'));
const masterKey = randomBytes(16).toString('hex');
const [redisPort, meiliPort, s3Port] = [await freePort(), await freePort(), await freePort()];
const services = [
  await startRedisServer({ port: redisPort, dir: join(dir, 'redis'), appendOnly: false }),
  await startMeilisearch({ port: meiliPort, dbPath: join(dir, 'meili'), masterKey }),
  await startS3rver({ port: s3Port, directory: join(dir, 's3') }),
];
const sites: FixtureServer[] = [];
// Killed (timeout, Ctrl-C): stop the services this run started rather than leave them behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.allSettled(services.map((s) => s.stop())).finally(() => process.exit(130)));
}
try {
  for (let s = 0; s < hosts; s++) {
    const routes: Record<string, FixtureHandler> = { '/': (_q, res) => html(res, indexHtml(s, pagesPerHost)) };
    for (let i = 0; i < pagesPerHost; i++) routes[`/news/story-${i}.html`] = (_q, res) => html(res, articleHtml(s, i));
    sites.push(await startFixtureServer(routes, `127.0.${10 + Math.floor(s / 200)}.${1 + (s % 200)}`));
  }
  const config = loadConfig(
    {},
    {
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      queuePrefix: '{bench}',
      meiliUrl: `http://127.0.0.1:${meiliPort}`,
      meiliMasterKey: masterKey,
      meiliIndex: 'bench',
      s3Endpoint: `http://127.0.0.1:${s3Port}`,
      s3AccessKeyId: 'S3RVER',
      s3SecretAccessKey: 'S3RVER',
      s3Bucket: 'bench',
      apiKey: 'bench',
      fetchAllowNetworks: '127.0.0.0/8',
      fetchHostDelayMs: 0,
      fetchHostConcurrency: 4,
      extractConcurrency,
      indexBatchWaitMs: 50,
      logLevel: 'silent',
    },
  );
  const proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch', 'extract', 'index'], api: false, service: 'bench' });
  const probe = new Redis(config.redisUrl);
  const families = new Map<string, number>();
  // ioredis cannot run MONITOR beside other commands reliably: redis-cli reads it.
  const monitorProc = monitor ? spawn('redis-cli', ['-p', String(redisPort), 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] }) : null;
  let partial = '';
  monitorProc?.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
      if (!m) continue;
      const args = [...m[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!);
      const f = `${m[1]!.startsWith('lua') ? '  [lua] ' : ''}${family(args)}`;
      families.set(f, (families.get(f) ?? 0) + 1);
    }
  });
  if (monitorProc) await new Promise((r) => setTimeout(r, 300));
  const before = await commandCalls(probe);
  const t0 = performance.now();
  await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), {
    urls: sites.map((s) => `${s.baseUrl}/`),
    crawl: { maxPages: hosts * (pagesPerHost + 1) + 10, maxDepth: 1 },
  });

  // Drained: every queue empty on 4 reads in a row (re-extraction jobs come after quiet moments).
  let idle = 0;
  let drained = true;
  let lastPrint = 0;
  while (idle < 4) {
    if ((performance.now() - t0) / 1000 > timeoutS) {
      drained = false;
      break;
    }
    let pending = 0;
    for (const q of Object.values(proc.conns.queues.queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    idle = pending === 0 ? idle + 1 : 0;
    if (performance.now() - lastPrint > 30_000) {
      lastPrint = performance.now();
      const c = await proc.conns.stats.counts();
      console.log(`  t=${((performance.now() - t0) / 1000).toFixed(0)}s pending=${pending} fetched=${c['fetch.done'] ?? 0} extractRuns=${(c['extract.done'] ?? 0) + (c['extract.skipped'] ?? 0)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = await commandCalls(probe);
  const c = await proc.conns.stats.counts();

  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) delta[k] = v - (before[k] ?? 0);
  delete delta.info;
  const pages = c['fetch.done'] ?? 0;
  const extractRuns = (c['extract.done'] ?? 0) + (c['extract.skipped'] ?? 0) + (c['extract.failed'] ?? 0);
  const redisTotal = Object.values(delta).reduce((a, b) => a + b, 0);

  // Template decisions per host: the version counter of each host's template.
  const versions: number[] = [];
  for (const s of sites) versions.push(Number((await probe.hget(`${config.queuePrefix}:dedupe:tpl:${new URL(s.baseUrl).host}:meta`, 'version')) ?? 0));

  // Quality: no template block in any indexed body; every article keeps its paragraphs.
  let docs = 0;
  let leaks = 0;
  let missing = 0;
  const leakExamples: string[] = [];
  const byHost = new Map(sites.map((s, i) => [new URL(s.baseUrl).host, i]));
  for await (const d of proc.conns.searchIndex.allDocuments()) {
    docs++;
    const u = new URL(d.url);
    const site = byHost.get(u.host)!;
    for (const b of templateBlocks(site)) {
      if (d.body.includes(b)) {
        leaks++;
        if (leakExamples.length < 3) leakExamples.push(`${d.url}: "${b.slice(0, 40)}"`);
      }
    }
    const m = /story-(\d+)\.html$/.exec(u.pathname);
    if (m) for (const p of paragraphs(site, Number(m[1]))) if (!d.body.includes(p)) missing++;
  }

  console.log(
    JSON.stringify(
      {
        drained,
        hosts,
        pagesPerHost,
        seconds: Math.round(seconds),
        pagesFetched: pages,
        documentsIndexed: docs,
        extractRuns,
        extractRunsPerPage: +(extractRuns / Math.max(1, pages)).toFixed(3),
        // Jobs plus in-place re-runs inside a job: every parse+extract the pages cost.
        extractionsPerPage: +((extractRuns + (c['dedupe.pagesRerunInPlace'] ?? 0)) / Math.max(1, pages)).toFixed(3),
        redisCommandsPerPage: Math.round(redisTotal / Math.max(1, pages)),
        topRedisCommandsPerPage: Object.fromEntries(
          Object.entries(delta)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([k, v]) => [k, +(v / Math.max(1, pages)).toFixed(1)]),
        ),
        templateVersionsPerHost: { min: Math.min(...versions), max: Math.max(...versions), mean: +(versions.reduce((a, b) => a + b, 0) / versions.length).toFixed(1) },
        dedupe: Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith('dedupe.'))),
        templateBlockLeaks: leaks,
        leakExamples,
        articleParagraphsMissing: missing,
      },
      null,
      2,
    ),
  );
  if (monitorProc) {
    monitorProc?.kill();
    console.log('Redis commands per page by key family (MONITOR, lua = inside a script):');
    for (const [f, n] of [...families].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${(n / Math.max(1, pages)).toFixed(1).padStart(7)}  ${f}`);
  }
  probe.disconnect();
  await proc.close();
} finally {
  await Promise.allSettled(sites.map((s) => s.close()));
  await Promise.allSettled(services.reverse().map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
