// Chaos run: 2,000 pages on several loopback hosts, two processes per worker stage, 20 random
// worker SIGKILLs and every dependency (Redis, Meilisearch, S3) killed and frozen in turn for
// 30-60 s while pages are fed; then drain, audit, and count lost and duplicated pages.
// Usage: npm run chaos -- [--pages 2000] [--hosts 4] [--kills 20] [--kill-every 4000]
//          [--outage-min 30000] [--outage-max 60000] [--gap 10000] [--per-stage 2] [--seed 1] [--keep] [--no-repair]
// Each flag also reads from the environment: CHAOS_PAGES, CHAOS_HOSTS, CHAOS_KILLS, … (same names).
// Lost pages are then re-driven as `ingest audit --repair` would, and counted again.
// Exits 1 when a page is lost or duplicated (before the repair: the repair is the remedy, not the proof).
import { ALL_OUTAGES, formatChaos, runChaos } from './lib/chaos/run.ts';
import { argValue } from './lib/datasets.ts';

const opt = (flag: string, fallback: number): number => {
  const raw = argValue(`--${flag}`) ?? process.env[`CHAOS_${flag.toUpperCase().replace(/-/g, '_')}`];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} must be a non-negative number, got "${raw}"`);
  return n;
};

const outageMinMs = opt('outage-min', 30_000);
const outageMaxMs = Math.max(outageMinMs, opt('outage-max', 60_000));
const gapMs = opt('gap', 10_000);
const result = await runChaos({
  pages: opt('pages', 2_000),
  hosts: opt('hosts', 4),
  kills: opt('kills', 20),
  killEveryMs: opt('kill-every', 4_000),
  outageMinMs,
  outageMaxMs,
  outageGapMs: gapMs,
  outages: ALL_OUTAGES,
  perStage: opt('per-stage', 2),
  // Work keeps arriving through every outage.
  feedOverMs: opt('feed-over', ALL_OUTAGES.length * (gapMs + (outageMinMs + outageMaxMs) / 2)),
  drainTimeoutMs: opt('drain-timeout', 600_000),
  jobLockMs: opt('lock-ms', 10_000),
  seed: opt('seed', Date.now() % 100_000),
  repair: !process.argv.includes('--no-repair'),
  keepDir: process.argv.includes('--keep') || process.env.CHAOS_KEEP === '1',
  log: (line) => console.log(line),
});
console.log(`\n${formatChaos(result)}`);
process.exitCode = result.lost === 0 && result.duplicated === 0 ? 0 : 1;
