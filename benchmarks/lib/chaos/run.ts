import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS, loadConfig, type Config } from '../../../packages/config/src/index.ts';
import { createLogger } from '../../../packages/logger/src/index.ts';
import { CrawlFrontier, enqueueUrls, repairLost, runAudit, type AuditReport } from '../../../packages/pipeline/src/index.ts';
import { createRedis } from '../../../packages/queue/src/index.ts';
import { connect, type Connections } from '../../../packages/runtime/src/index.ts';
import { indexedDocuments } from '../../../packages/pipeline/src/audit/collect.ts';
import { startChaosSite } from './site.ts';
import { startChaosStack, type Dependency, type Restartable } from './stack.ts';
import { WORKER_SERVICES, WorkerSlot } from './workers.ts';

export interface ChaosOptions {
  pages: number;
  hosts: number;
  /** Worker SIGKILLs, one every `killEveryMs` (each restarted at once). */
  kills: number;
  killEveryMs: number;
  /** Each outage lasts a random time in [min, max]. */
  outageMinMs: number;
  outageMaxMs: number;
  /** Pause between two outages (the pipeline is left to recover). */
  outageGapMs: number;
  outages: { target: Dependency; variant: 'kill' | 'stop' }[];
  perStage: number;
  /** Pages are fed over about this long, so there is work in flight during every outage. */
  feedOverMs: number;
  drainTimeoutMs: number;
  jobLockMs: number;
  seed: number;
  /** After the audit, re-drive lost pages (`ingest audit --repair`), drain again and recount. */
  repair: boolean;
  keepDir: boolean;
  log: (line: string) => void;
}

export const ALL_OUTAGES: ChaosOptions['outages'] = [
  { target: 'redis', variant: 'kill' },
  { target: 'meili', variant: 'kill' },
  { target: 's3', variant: 'kill' },
  { target: 'redis', variant: 'stop' },
  { target: 'meili', variant: 'stop' },
  { target: 's3', variant: 'stop' },
];

export interface OutageResult {
  target: Dependency;
  variant: 'kill' | 'stop';
  downMs: number;
  /** From the dependency answering again to the next job finishing; null if nothing was left to do. */
  resumeMs: number | null;
}

export interface ChaosResult {
  expected: number;
  indexed: number;
  lost: number;
  lostUrls: string[];
  /** Documents beyond one per expected URL (same URL twice, or a URL we never served). */
  duplicated: number;
  kills: number;
  crashes: { worker: string; code: number | null; signal: string | null }[];
  outages: OutageResult[];
  failedJobs: Record<string, Record<string, number>>;
  audit: AuditReport | null;
  /** With `repair`: pages re-enqueued, and pages still missing once that drained. */
  repaired: { requeued: number; lostAfter: number; drainMs: number | null } | null;
  chaosMs: number;
  /** From the end of the last chaos event to every queue empty. */
  drainMs: number | null;
  totalMs: number;
  dir: string;
}

/** A small deterministic PRNG, so a run can be repeated with the same kills (--seed). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const value = config[key as keyof Config];
    if (value !== undefined && value !== null) env[setting.env] = String(value);
  }
  return env;
}

/** Resolves to `fallback` when a dependency is frozen (SIGSTOP) and the call would hang. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p.catch(() => fallback), sleep(ms).then(() => fallback)]);
}

/**
 * The chaos run: a generated site, its own Redis/Meilisearch/S3, `perStage` processes per worker
 * stage, random worker SIGKILLs and dependency outages while pages are fed, then drain, audit and
 * count what reached the index against what the site serves.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const t0 = Date.now();
  const rand = prng(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'ingest-chaos-'));
  o.log(
    `chaos: ${o.pages} pages on ${o.hosts} hosts, ${o.perStage} processes per stage, ${o.kills} kills, ${o.outages.length} outages of ${o.outageMinMs / 1000}-${o.outageMaxMs / 1000} s, data in ${dir}`,
  );
  const stack = await startChaosStack(dir);
  const site = await startChaosSite(o.pages, o.hosts);
  const config = loadConfig(
    {},
    {
      redisUrl: stack.redis.url,
      queuePrefix: '{chaos}',
      meiliUrl: stack.meili.url,
      meiliMasterKey: stack.meiliMasterKey,
      meiliIndex: 'chaos',
      s3Endpoint: stack.s3.url,
      s3Bucket: 'chaos',
      apiKey: 'chaos',
      fetchAllowNetworks: '127.0.0.0/8',
      fetchHostDelayMs: 0,
      fetchHostConcurrency: 8,
      jobLockMs: o.jobLockMs,
      indexBatchWaitMs: 100,
      auditIntervalMs: 0,
      // info: the services announce their start (with the metrics URL) at info level.
      logLevel: 'info',
    },
  );
  const env = configToEnv(config);
  const slots = WORKER_SERVICES.flatMap((name) => Array.from({ length: o.perStage }, (_, i) => new WorkerSlot(name, i, env, dir)));
  let producer: Connections | null = null;
  const monitor = createRedis(config.redisUrl, 'worker');
  monitor.on('error', () => {});
  const quiet = createLogger({ level: 'silent' });
  // Interrupted (Ctrl-C): leave no worker, Redis, Meilisearch or s3rver behind.
  const abort = () => {
    for (const s of slots) s.killNow();
    for (const d of [stack.redis, stack.meili, stack.s3]) d.killNow();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    producer = await connect(config, quiet, 'producer');
    // The producer fails fast while Redis is down (the feeder retries); its queues' connection errors are expected.
    for (const q of Object.values(producer.queues.queues)) q.on('error', () => {});
    producer.redis.on('error', () => {});
    await producer.archive.ensureReady();
    await producer.searchIndex.ensureSettings();
    await Promise.all(slots.map((s) => s.start()));
    o.log(`chaos: stack and ${slots.length} workers up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Finished jobs, across stages: the harness's measure of progress.
    const progress = async (): Promise<number | null> => {
      const stats = await within(monitor.hgetall(`${config.queuePrefix}:stats`), 1_000, null);
      if (!stats) return null;
      return Object.entries(stats).reduce((a, [k, v]) => (/\.(done|skipped|unchanged|removed)$/.test(k) ? a + Number(v) : a), 0);
    };
    const pendingJobs = async (): Promise<number | null> => {
      let n = 0;
      for (const q of Object.values(producer!.queues.queues)) {
        const c = await within(q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'), 2_000, null);
        if (!c) return null;
        n += Object.values(c).reduce((a, b) => a + b, 0);
      }
      return n;
    };

    // Feeder: pages arrive in small batches over `feedOverMs`; a batch that fails (Redis down) is
    // retried until Redis acknowledges it, as a client honouring a fail-fast producer would.
    let fed = 0;
    const frontier = new CrawlFrontier(producer.redis, producer.queues.prefix);
    const batch = Math.max(1, Math.ceil(o.pages / Math.max(1, o.feedOverMs / 500)));
    const feeding = (async () => {
      for (let i = 0; i < site.urls.length; i += batch) {
        const urls = site.urls.slice(i, i + batch);
        for (;;) {
          try {
            await enqueueUrls(producer.queues, frontier, { urls });
            break;
          } catch {
            await sleep(500);
          }
        }
        fed += urls.length;
        await sleep(500);
      }
    })();

    const chaosStart = Date.now();
    let kills = 0;
    const killing = (async () => {
      while (kills < o.kills) {
        await sleep(o.killEveryMs);
        const alive = slots.filter((s) => s.running());
        const victim = alive[Math.floor(rand() * alive.length)];
        if (victim && (await victim.kill())) {
          kills++;
          o.log(`chaos: t=${((Date.now() - chaosStart) / 1000).toFixed(0)} s SIGKILL ${victim.label} (${kills}/${o.kills})`);
        }
      }
    })();

    const outages: OutageResult[] = [];
    const deps: Record<Dependency, Restartable> = { redis: stack.redis, meili: stack.meili, s3: stack.s3 };
    const outaging = (async () => {
      for (const { target, variant } of o.outages) {
        await sleep(o.outageGapMs);
        const downMs = Math.round(o.outageMinMs + rand() * (o.outageMaxMs - o.outageMinMs));
        const dep = deps[target];
        o.log(`chaos: t=${((Date.now() - chaosStart) / 1000).toFixed(0)} s ${target} ${variant === 'kill' ? 'SIGKILL' : 'SIGSTOP'} for ${(downMs / 1000).toFixed(0)} s`);
        if (variant === 'kill') {
          await dep.kill();
          await sleep(downMs);
          await dep.start();
        } else {
          dep.pause();
          await sleep(downMs);
          dep.resume();
        }
        const upAt = Date.now();
        let before = await progress();
        for (let tries = 0; before === null && tries < 20; tries++) before = await progress();
        let resumeMs: number | null = null;
        while (Date.now() - upAt < Math.max(60_000, o.drainTimeoutMs / 2)) {
          const now = await progress();
          if (now !== null && before !== null && now > before) {
            resumeMs = Date.now() - upAt;
            break;
          }
          if (fed >= site.urls.length && (await pendingJobs()) === 0) break;
          await sleep(200);
        }
        outages.push({ target, variant, downMs, resumeMs });
        o.log(`chaos: ${target} back; ${resumeMs === null ? 'nothing left to resume' : `work resumed after ${(resumeMs / 1000).toFixed(1)} s`}`);
      }
    })();

    const reporter = setInterval(() => {
      void (async () => {
        const [done, pending] = [await progress(), await pendingJobs()];
        const indexed = await within(producer!.searchIndex.count(), 1_000, null);
        o.log(`chaos: t=${((Date.now() - chaosStart) / 1000).toFixed(0)} s fed ${fed}/${site.urls.length}, jobs finished ${done ?? '?'}, pending ${pending ?? '?'}, indexed ${indexed ?? '?'}`);
      })();
    }, 5_000);
    try {
      await Promise.all([feeding, killing, outaging]);
      const chaosEnd = Date.now();
      o.log(`chaos: chaos over after ${((chaosEnd - chaosStart) / 1000).toFixed(0)} s; draining`);
      const drain = async (): Promise<number | null> => {
        const from = Date.now();
        let idle = 0;
        while (Date.now() - from < o.drainTimeoutMs) {
          const pending = await pendingJobs();
          idle = pending === 0 ? idle + 1 : 0;
          if (idle >= 3) return Date.now() - from;
          await sleep(300);
        }
        return null;
      };
      const drainMs = await drain();
      clearInterval(reporter);
      o.log(drainMs === null ? `chaos: NOT drained within ${o.drainTimeoutMs / 1000} s` : `chaos: drained ${(drainMs / 1000).toFixed(1)} s after the chaos ended`);

      const audit = await runAudit({ redis: producer.redis, queues: producer.queues, stats: producer.stats, searchIndex: producer.searchIndex, archive: producer.archive }).catch((err: unknown) => {
        o.log(`chaos: audit failed: ${(err as Error).message}`);
        return null;
      });
      const count = async () => {
        const docsByUrl = new Map<string, number>();
        let documents = 0;
        for await (const d of indexedDocuments(producer!.searchIndex)) {
          documents++;
          if (d.url) docsByUrl.set(d.url, (docsByUrl.get(d.url) ?? 0) + 1);
        }
        return { documents, lostUrls: site.urls.filter((u) => !docsByUrl.has(u)) };
      };
      const { documents, lostUrls } = await count();
      const indexed = site.urls.length - lostUrls.length;
      let repaired: ChaosResult['repaired'] = null;
      if (o.repair && audit && audit.lost > 0) {
        const r = await repairLost({ redis: producer.redis, queues: producer.queues, stats: producer.stats, searchIndex: producer.searchIndex }, audit.lostPages);
        o.log(`chaos: audit --repair re-enqueued ${r.requeued.length} page(s); draining again`);
        const again = await drain();
        repaired = { requeued: r.requeued.length, lostAfter: (await count()).lostUrls.length, drainMs: again };
      }
      return {
        expected: site.urls.length,
        indexed,
        lost: lostUrls.length,
        lostUrls,
        duplicated: documents - indexed,
        kills,
        crashes: slots.flatMap((s) => s.crashes.map((c) => ({ worker: s.label, code: c.code, signal: c.signal }))),
        outages,
        failedJobs: audit?.failedJobs ?? {},
        audit,
        repaired,
        chaosMs: chaosEnd - chaosStart,
        drainMs,
        totalMs: Date.now() - t0,
        dir,
      };
    } finally {
      clearInterval(reporter);
    }
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    await Promise.allSettled(slots.map((s) => s.stop()));
    await producer?.close();
    monitor.disconnect();
    await site.close();
    await stack.stop();
    if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The printed summary, the same for the benchmark and the test. */
export function formatChaos(r: ChaosResult): string {
  const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
  const failed = Object.entries(r.failedJobs).flatMap(([q, codes]) => Object.entries(codes).map(([c, n]) => `${q}/${c} ${n}`));
  const lines = [
    `pages expected   ${r.expected}`,
    `indexed          ${r.indexed}`,
    `lost             ${r.lost}${r.lostUrls.length > 0 ? `  (e.g. ${r.lostUrls.slice(0, 3).join(', ')})` : ''}`,
    `duplicated       ${r.duplicated}`,
    `failed jobs      ${failed.length > 0 ? failed.join(', ') : 'none'}`,
    `audit            ${r.audit ? `lost ${r.audit.lost}, pending ${r.audit.pending}, ended ${JSON.stringify(r.audit.ended)}` : 'n/a'}`,
    ...(r.repaired ? [`after --repair   re-enqueued ${r.repaired.requeued}, still lost ${r.repaired.lostAfter} (drained in ${s(r.repaired.drainMs)})`] : []),
    `worker kills     ${r.kills}; unplanned exits ${r.crashes.length}${
      r.crashes.length > 0
        ? ` (${r.crashes
            .slice(0, 5)
            .map((c) => `${c.worker} code ${c.code}`)
            .join(', ')})`
        : ''
    }`,
    `chaos phase      ${s(r.chaosMs)}; time to drain after it ${s(r.drainMs)}; total ${s(r.totalMs)}`,
    ...r.outages.map((x) => `outage           ${x.target} ${x.variant === 'kill' ? 'kill+restart' : 'SIGSTOP/SIGCONT'} ${s(x.downMs)}: resumed after ${s(x.resumeMs)}`),
  ];
  if (r.audit && r.audit.lostPages.length > 0) {
    lines.push('audit lost pages (first 10):');
    for (const p of r.audit.lostPages.slice(0, 10)) lines.push(`  ${p.stage} ${p.url}: ${p.lastError ? `${p.lastError.code} ${p.lastError.message.slice(0, 120)}` : 'no failed job (hand-off lost)'}`);
  }
  return lines.join('\n');
}
