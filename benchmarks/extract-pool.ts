// Cost of the page pool (worker threads with a per-page budget) against processHtml in-process, on
// the trafilatura-eval pages as raw bytes (charset decoding included in both).
// Usage: node benchmarks/extract-pool.ts [--pages N] [--rounds N] [--threads N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { PagePool, processHtml, processHtmlInPool, type PageInput } from '../packages/pipeline/src/index.ts';
import { argValue, DATASETS } from './lib/datasets.ts';

const nPages = Number(argValue('--pages') ?? Infinity);
const rounds = Number(argValue('--rounds') ?? 3);
const threads = Number(argValue('--threads') ?? 2);

const dir = join(DATASETS, 'trafilatura-eval');
const evaldata = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<string, { file: string }>;
const pages: PageInput[] = [];
for (const [url, v] of Object.entries(evaldata)) {
  if (pages.length >= nPages) break;
  let body: Buffer;
  try {
    body = gunzipSync(readFileSync(join(dir, 'html', v.file + '.gz')));
  } catch {
    continue;
  }
  const u = url.startsWith('hard::') ? 'https://example.org/' : url;
  pages.push({ body, url: u, finalUrl: u, contentType: null, archiveKey: 'bench', contentDigest: '0'.repeat(64), fetchedAt: '2026-01-01T00:00:00.000Z', templateFingerprints: [] });
}
const bytes = pages.reduce((s, p) => s + p.body.length, 0);

/**
 * Runs every page with `inFlight` pages outstanding at a time; returns pages/s, the process's CPU
 * per page (all threads) and the main event loop's utilisation (how busy the thread running jobs is).
 */
async function measure(run: (p: PageInput) => unknown, inFlight: number): Promise<{ pps: number; cpuMs: number; elu: number; failed: number }> {
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < pages.length) {
        const p = pages[next++]!;
        try {
          await run(p);
        } catch {
          failed++;
        }
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const elu = performance.eventLoopUtilization(e0).utilization;
  return { pps: pages.length / wall, cpuMs: (c.user + c.system) / 1000 / pages.length, elu, failed };
}

const single = new PagePool({ size: 1, pageBudgetMs: 30_000, maxMemoryMb: 512 });
const multi = new PagePool({ size: threads, pageBudgetMs: 30_000, maxMemoryMb: 512 });
await Promise.all([single.warmUp(), multi.warmUp()]);

const systems: { name: string; run: (p: PageInput) => unknown; inFlight: number }[] = [
  { name: 'in-process, 1 at a time', run: (p) => processHtml(p), inFlight: 1 },
  { name: 'pool of 1, 1 in flight', run: (p) => processHtmlInPool(single, p), inFlight: 1 },
  { name: `pool of ${threads}, ${threads} in flight`, run: (p) => processHtmlInPool(multi, p), inFlight: threads },
];

// Warm-up for the JIT of every thread, then interleaved rounds keeping each system's best.
const all = pages.splice(0);
pages.push(...all.slice(0, Math.min(60, all.length)));
for (const s of systems) await measure(s.run, s.inFlight);
pages.splice(0, pages.length, ...all);

const best = new Map<string, Awaited<ReturnType<typeof measure>>>();
for (let r = 0; r < rounds; r++) {
  for (const s of systems) {
    const m = await measure(s.run, s.inFlight);
    const prev = best.get(s.name);
    best.set(s.name, !prev || m.pps > prev.pps ? m : prev);
  }
}
await Promise.all([single.close(), multi.close()]);

console.log(`${pages.length} pages, ${(bytes / 1e6).toFixed(1)} MB (Node ${process.version}), best of ${rounds} interleaved rounds`);
console.log('system                         pages/s   CPU ms/page (all threads)   main loop busy   failed');
for (const [name, m] of best)
  console.log(`${name.padEnd(30)} ${m.pps.toFixed(1).padStart(8)} ${m.cpuMs.toFixed(2).padStart(26)} ${`${(m.elu * 100).toFixed(0)}%`.padStart(16)} ${String(m.failed).padStart(8)}`);
const inproc = best.get(systems[0]!.name)!;
const pool1 = best.get(systems[1]!.name)!;
const poolN = best.get(systems[2]!.name)!;
console.log(`\npool of 1 / in-process: ${(pool1.pps / inproc.pps).toFixed(2)}x pages/s (per-page overhead ${((1 / pool1.pps - 1 / inproc.pps) * 1000).toFixed(2)} ms)`);
console.log(`pool of ${threads} / in-process: ${(poolN.pps / inproc.pps).toFixed(2)}x pages/s`);
