// The render stage: (1) its browser pool on scripted loopback pages against plain fetching of the
// same pages (pages/s and the ratio, browser memory per page in flight); (2) `render: auto` through
// the real pipeline on a mixed site (scripted, consent-walled, plain article and plain index pages):
// how many plain pages were rendered needlessly (goal: under 5 %).
// Usage: npm run bench:render -- [--pages 20] [--plain 100] [--concurrency 2] [--json]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../packages/config/src/index.ts';
import { freePort, startMeilisearch, startRedisServer, startS3rver } from '../packages/embedded/src/index.ts';
import { fetchPage } from '../packages/fetch/src/index.ts';
import { createLogger } from '../packages/logger/src/index.ts';
import { parseBlockList, RenderPool } from '../packages/render/src/index.ts';
import { startPipelineProcess } from '../packages/runtime/src/index.ts';
import { RenderDecisions, SourceRegistry } from '../packages/sources/src/index.ts';
import { articlePage, startFixtureServer, type FixtureHandler } from '../packages/testing/src/fixture-server.ts';
import { argValue } from './lib/datasets.ts';

const nScripted = Number(argValue('--pages') ?? 20);
const nPlain = Number(argValue('--plain') ?? 100);
const concurrency = Number(argValue('--concurrency') ?? 2);
const asJson = process.argv.includes('--json');
const chromium = process.env.RENDER_CHROMIUM_PATH ?? 'chromium';

const SENTENCES = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters.',
  'Engineers plan to reuse most of the original granite blocks and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin.',
  'The council will publish the tender documents next month, and construction is expected to start in early spring.',
];
const paragraphs = (n: number) => Array.from({ length: 6 }, (_, i) => `${SENTENCES[(n + i) % SENTENCES.length]} Item ${n}, paragraph ${i}.`);
const send = (res: ServerResponse, type: string, body: string) => res.writeHead(200, { 'content-type': type }).end(body);
const shell = (api: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loading</title></head><body><div id="root"></div><script>fetch('${api}').then(r => r.json()).then(s => { document.title = s.title; document.getElementById('root').innerHTML = '<main><article><h1>' + s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article></main>'; });</script></body></html>`;
const consent = (api: string) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Hafen</title></head><body><div id="root"></div><div id="didomi-host" role="dialog"><p>Wir verwenden Cookies.</p><button id="didomi-notice-agree-button">Zustimmen</button></div><script>document.getElementById('didomi-notice-agree-button').onclick = () => { document.getElementById('didomi-host').remove(); fetch('${api}').then(r => r.json()).then(s => { document.getElementById('root').innerHTML = '<main><article><h1>' + s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article></main>'; }); };</script></body></html>`;
const indexPage = (n: number) =>
  `<!doctype html><html lang="en"><head><title>Tag ${n}</title></head><body><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/news/${i}/story-${i}.html">Story ${i}</a>`).join(' ')}</nav></body></html>`;

const routes: Record<string, FixtureHandler> = {};
const api = (path: string, n: number) => (routes[path] = (_q, r) => send(r, 'application/json', JSON.stringify({ title: `Scripted story ${n}`, paragraphs: paragraphs(n) })));
for (let n = 0; n < nScripted; n++) {
  routes[`/app/story-${n}.html`] = (_q, r) => send(r, 'text/html; charset=utf-8', shell(`/api/story-${n}.json`));
  api(`/api/story-${n}.json`, n);
}
const nConsent = Math.max(3, Math.round(nScripted / 6));
for (let n = 0; n < nConsent; n++) {
  routes[`/eu/story-${n}.html`] = (_q, r) => send(r, 'text/html; charset=utf-8', consent(`/api/eu-${n}.json`));
  api(`/api/eu-${n}.json`, n);
}
const nIndex = Math.round(nPlain / 4);
const nArticles = nPlain - nIndex;
for (let n = 0; n < nArticles; n++) routes[`/news/${n % 12}/story-${n}.html`] = (_q, r) => send(r, 'text/html; charset=utf-8', articlePage(`Plain story ${n}`, paragraphs(n)));
for (let n = 0; n < nIndex; n++) routes[`/tag/topic-${n}`] = (_q, r) => send(r, 'text/html; charset=utf-8', indexPage(n));

const site = await startFixtureServer(routes);
const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
const stops: (() => Promise<unknown>)[] = [() => site.close()];
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void Promise.allSettled(stops.map((s) => s())).finally(() => process.exit(130)));

const results: Record<string, unknown> = { scripted: nScripted, consent: nConsent, plainArticles: nArticles, plainIndexPages: nIndex, concurrency };
try {
  // (1) The pool against plain fetching, same pages, same concurrency.
  const scriptedUrls = Array.from({ length: nScripted }, (_, n) => `${site.baseUrl}/app/story-${n}.html`);
  const fetchOne = async (url: string) => fetchPage(url, { userAgent: 'bench', allowNetworks: ['127.0.0.0/8'] });
  const runAll = async <T>(items: string[], fn: (u: string) => Promise<T>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < items.length) await fn(items[next++]!);
      }),
    );
  };
  let t = performance.now();
  const documents = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  await runAll(scriptedUrls, async (u) => {
    const r = await fetchOne(u);
    documents.set(u, { status: r.status, headers: r.headers, body: r.body });
  });
  const plainRate = nScripted / ((performance.now() - t) / 1000);

  const pool = new RenderPool({
    executable: chromium,
    maxContexts: concurrency,
    pagesPerContext: 20,
    pageTimeoutMs: 30_000,
    maxBrowserMemoryMb: 4096,
    block: parseBlockList('trackers,fonts,media'),
    userAgent: 'bench',
    fetchResource: async (url, { signal }) => {
      const r = await fetchPage(url, { userAgent: 'bench', allowNetworks: ['127.0.0.0/8'], signal });
      return { status: r.status, headers: r.headers, body: r.body };
    },
  });
  stops.push(() => pool.close());
  // Warm-up: one page starts the browser; its idle footprint is the baseline.
  await pool.render({ url: scriptedUrls[0]!, document: documents.get(scriptedUrls[0]!)! });
  const idleBytes = pool.memoryBytes();
  let peak = idleBytes;
  const sampler = setInterval(() => (peak = Math.max(peak, pool.memoryBytes())), 250);
  let withArticle = 0;
  let failed = 0;
  t = performance.now();
  await runAll(scriptedUrls, async (u) => {
    // A page past its deadline (a loaded machine) has its browser replaced; the pipeline would retry it.
    const r = await pool.render({ url: u, document: documents.get(u)! }).catch(() => null);
    if (!r) failed++;
    else if (r.html.includes('<article>')) withArticle++;
  });
  const renderRate = nScripted / ((performance.now() - t) / 1000);
  clearInterval(sampler);
  await pool.close();
  const mb = (b: number) => b / 1024 / 1024;
  Object.assign(results, {
    plainPagesPerSecond: +plainRate.toFixed(1),
    renderedPagesPerSecond: +renderRate.toFixed(2),
    renderedWithArticle: withArticle,
    renderFailures: failed,
    browserIdleMb: +mb(idleBytes).toFixed(0),
    browserPeakMb: +mb(peak).toFixed(0),
    browserMbPerPageInFlight: +mb((peak - idleBytes) / concurrency).toFixed(1),
  });
  if (!asJson) {
    console.log(
      `rendered ${renderRate.toFixed(2)} pages/s vs plain fetch ${plainRate.toFixed(1)} pages/s of the same ${nScripted} scripted pages (${concurrency} at once): rendering costs ${(plainRate / renderRate).toFixed(1)}x; ${withArticle}/${nScripted} snapshots hold the article${failed ? `, ${failed} failed (browser replaced)` : ''}`,
    );
    console.log(
      `browser memory (PSS, all its processes): ${mb(idleBytes).toFixed(0)} MB idle, ${mb(peak).toFixed(0)} MB peak with ${concurrency} pages in flight: ${mb((peak - idleBytes) / concurrency).toFixed(1)} MB per page in flight (+ ${mb(idleBytes / concurrency).toFixed(0)} MB share of the idle browser)`,
    );
  }

  // (2) render: auto through the pipeline.
  const masterKey = randomBytes(16).toString('hex');
  const [redisPort, meiliPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const services = [
    await startRedisServer({ port: redisPort, dir: join(dir, 'redis'), appendOnly: false }),
    await startMeilisearch({ port: meiliPort, dbPath: join(dir, 'meili'), masterKey }),
    await startS3rver({ port: s3Port, directory: join(dir, 's3') }),
  ];
  for (const s of services) stops.push(() => s.stop());
  const config = loadConfig(
    {},
    {
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      queuePrefix: '{bench-render}',
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
      fetchHostConcurrency: 8,
      renderChromiumPath: chromium,
      renderConcurrency: concurrency,
      indexBatchWaitMs: 50,
      logLevel: 'silent',
    },
  );
  const proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['discover', 'fetch', 'render', 'extract', 'index'], api: false, service: 'bench' });
  stops.unshift(() => proc.close());
  const paths = Object.keys(routes).filter((p) => !p.startsWith('/api/'));
  // Interleaved, as a sitemap lists them: no kind of page gets learned before the others arrive.
  let seed = 42;
  for (let i = paths.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [paths[i], paths[j]] = [paths[j]!, paths[i]!];
  }
  const registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
  await registry.add({ id: 'bench', kind: 'url', urls: paths.map((p) => `${site.baseUrl}${p}`), render: 'auto' });
  t = performance.now();
  await registry.runNow('bench');
  let idle = 0;
  while (idle < 4) {
    let pending = 0;
    for (const q of Object.values(proc.conns.queues.queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    idle = pending === 0 ? idle + 1 : 0;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - t) / 1000;
  const c = await proc.conns.stats.counts();
  const learned = await new RenderDecisions(proc.conns.redis, proc.conns.queues.prefix).list('bench');
  const indexed = await proc.conns.searchIndex.count();
  const needless = c['render.unchanged'] ?? 0;
  Object.assign(results, {
    autoSeconds: +seconds.toFixed(1),
    autoRendered: c['render.rendered'] ?? 0,
    autoNeedless: needless,
    autoNeedlessPercentOfPlain: +((100 * needless) / nPlain).toFixed(2),
    autoIndexed: indexed,
    learned,
  });
  if (!asJson) {
    console.log(
      `auto: ${paths.length} pages (${nScripted} scripted, ${nConsent} consent-walled, ${nArticles} plain articles, ${nIndex} plain index pages) in ${seconds.toFixed(1)} s; rendered ${c['render.rendered'] ?? 0}, plain sufficed ${c['render.plainSufficed'] ?? 0}, indexed ${indexed}`,
    );
    console.log(`auto: plain pages rendered needlessly: ${needless} of ${nPlain} = ${((100 * needless) / nPlain).toFixed(2)} % (goal < 5 %)`);
    for (const p of learned) console.log(`  ${p.decision.padEnd(8)} ${p.pattern.replace(new URL(site.baseUrl).host, 'site')}  plain ${p.plainOk}, rendered ${p.rendered}, changed ${p.changed}`);
  }
  if (asJson) console.log(JSON.stringify(results, null, 2));
} finally {
  for (const stop of stops) await stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
