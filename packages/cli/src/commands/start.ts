import { parseArgs } from 'node:util';
import { parseNetworks } from '@ingest/config';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { ensureEmbeddedStack, removeStackFile, startPipelineProcess, writeStackFile } from '@ingest/runtime';
import { STAGES } from '@ingest/contracts';
import { cliConfig, cliLogger } from '../context.ts';
import { EXIT, println, type CliIO } from '../io.ts';
import { createLogger } from '@ingest/logger';

export const START_HELP = `ingest start [--no-demo] [--port N]

Runs the API, every worker and the search UI in one process until SIGINT/SIGTERM. Redis,
Meilisearch and S3 come from REDIS_URL, MEILI_URL and S3_ENDPOINT, or are started embedded with
their data under INGEST_DATA_DIR (default .data/). Without --no-demo a bundled demo site is served
on loopback and crawled.
Examples:
  ingest start
  API_PORT=9000 ingest start --no-demo`;

export async function startCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean' }, demo: { type: 'boolean' }, port: { type: 'string' } } });
  let config = cliConfig(io);
  if (values.port) config = { ...config, apiPort: Number(values.port) };
  const log = createLogger({ level: config.logLevel, name: 'ingest', destination: { write: (s: string) => io.stderr.write(s) } });
  const quiet = cliLogger(io, config);
  const withDemo = !values['no-demo'];

  const stack = await ensureEmbeddedStack(config, log);
  config = stack.config;
  let demo: DemoSite | null = null;
  if (withDemo) {
    demo = await startDemoSite({ host: '127.0.0.1' });
    // The demo site lives on loopback, which the network guard refuses unless allowed.
    const allowed = parseNetworks(config.fetchAllowNetworks);
    if (!allowed.some((n) => n.startsWith('127.'))) config = { ...config, fetchAllowNetworks: [...allowed, '127.0.0.1/32'].join(',') };
    config = { ...config, fetchHostDelayMs: Math.min(config.fetchHostDelayMs, 100) };
  }
  const proc = await startPipelineProcess(config, log, { stages: STAGES, api: true, service: 'all-in-one' }).catch(async (err: unknown) => {
    await demo?.close();
    await stack.stop();
    throw err;
  });
  writeStackFile(config.dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: proc.apiUrl ?? '',
    redisUrl: config.redisUrl,
    meiliUrl: config.meiliUrl ?? '',
    s3Endpoint: config.s3Endpoint ?? '',
    queuePrefix: config.queuePrefix,
    meiliIndex: config.meiliIndex,
    s3Bucket: config.s3Bucket,
  });

  println(io.stdout, `ingest is running (pid ${process.pid})`);
  println(io.stdout, `  search UI   ${proc.apiUrl}/`);
  println(io.stdout, `  dashboard   ${proc.apiUrl}/admin/queues   (user: any, password: the API key in ${config.dataDir}/secrets/api-key)`);
  println(io.stdout, `  API         ${proc.apiUrl}/api/v1/status   (Authorization: Bearer <API key>)`);
  println(io.stdout, `  metrics     ${proc.apiUrl}/metrics`);
  println(io.stdout, `  services    redis ${config.redisUrl} · meilisearch ${config.meiliUrl} · s3 ${config.s3Endpoint}${stack.started.length ? ` (embedded: ${stack.started.join(', ')})` : ''}`);
  if (demo) {
    const result = await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), {
      urls: [`${demo.baseUrl}/`],
      crawl: { maxPages: 50, maxDepth: 2 },
    });
    println(io.stdout, `  demo site   ${demo.baseUrl}/  (crawl ${result.crawlId} enqueued; try: npx ingest wait && npx ingest search "migrant smuggling")`);
  }
  println(io.stdout, 'Press Ctrl+C to stop.');

  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  println(io.stdout, `\n${signal}: shutting down…`);
  await proc.close();
  await demo?.close();
  removeStackFile(config.dataDir);
  await stack.stop();
  quiet.debug('stopped');
  println(io.stdout, 'stopped cleanly');
  return EXIT.ok;
}
