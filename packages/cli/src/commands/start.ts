import { parseArgs } from 'node:util';
import { parseNetworks } from '@ingest/config';
import { startDemoSite, type DemoSite } from '@ingest/demo-site';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import {
  choosePort,
  ensureEmbeddedStack,
  ensureStackId,
  hasLegacyData,
  readServiceRecord,
  liveStackFile,
  recordServices,
  removeStackFile,
  stackQueuePrefix,
  startPipelineProcess,
  writeStackFile,
} from '@ingest/runtime';
import { STAGES } from '@ingest/contracts';
import { cliConfig, cliLogger } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { localOnly } from '../remote.ts';
import { createLogger, wantsPretty } from '@ingest/logger';

export async function startCommand(args: string[], io: CliIO): Promise<number> {
  localOnly(io, 'start', 'it runs the stack itself');
  const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean' }, demo: { type: 'boolean' }, port: { type: 'string' } } });
  let config = cliConfig(io);
  if (values.port) config = { ...config, apiPort: Number(values.port) };
  // Readable lines when a person watches the terminal, JSON when the output is piped or collected.
  const log = wantsPretty(config.logFormat, io.stderr.isTTY)
    ? createLogger({ level: config.logLevel, name: 'ingest', pretty: { destination: 2 } })
    : createLogger({ level: config.logLevel, name: 'ingest', destination: { write: (s: string) => io.stderr.write(s) } });
  const quiet = cliLogger(io, config);
  const withDemo = !values['no-demo'];

  const running = liveStackFile(config.dataDir);
  if (running) {
    throw new CliError(`A stack already runs in ${config.dataDir} (pid ${running.pid}, API ${running.apiUrl}). Stop it first, or give this one its own INGEST_DATA_DIR.`);
  }
  const legacy = hasLegacyData(config.dataDir);
  const { id: stackId, created } = ensureStackId(config.dataDir);
  if (!io.env.QUEUE_PREFIX) {
    config = { ...config, queuePrefix: stackQueuePrefix(stackId) };
    if (created && legacy) {
      log.warn(
        { queuePrefix: config.queuePrefix },
        `this data directory now has its own queue prefix ${config.queuePrefix}; jobs an older version queued under {ingest} are not picked up (set QUEUE_PREFIX={ingest} to keep using them)`,
      );
    }
  }
  const recorded = readServiceRecord(config.dataDir);
  // The API port is ours to choose only when the operator did not name one.
  const choosesApiPort = !values.port && !io.env.API_PORT;
  if (choosesApiPort) {
    const api = await choosePort(recorded.api?.port ?? config.apiPort);
    if (api.displaced !== undefined)
      log.warn({ held: api.displaced, port: api.port }, `port ${api.displaced} is held by another process; serving the API on ${api.port} (set API_PORT to choose another)`);
    config = { ...config, apiPort: api.port };
  }

  const stack = await ensureEmbeddedStack(config, log);
  config = stack.config;
  let demo: DemoSite | null = null;
  if (withDemo) {
    demo = await startDemoSite({ host: '127.0.0.1', port: recorded.demo?.port ?? 0, orFreePort: true }).catch(async (err: unknown) => {
      await stack.stop();
      throw err;
    });
    if (demo.displaced !== undefined) {
      log.warn(
        { held: demo.displaced, port: demo.port },
        `demo site port ${demo.displaced} is held by another process; serving it on ${demo.port}: documents indexed from the old origin now link to a dead address`,
      );
    }
    recordServices(config.dataDir, { demo: { port: demo.port } });
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
  if (choosesApiPort && proc.apiUrl) recordServices(config.dataDir, { api: { port: Number(new URL(proc.apiUrl).port) } });
  writeStackFile(config.dataDir, {
    pid: process.pid,
    stackId,
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
  println(
    io.stdout,
    `  services    redis ${config.redisUrl} · meilisearch ${config.meiliUrl} · s3 ${config.s3Endpoint}${stack.started.length ? ` (embedded: ${stack.started.join(', ')})` : ''}${stack.reused.length ? ` (reused from an earlier start: ${stack.reused.join(', ')})` : ''}`,
  );
  println(io.stdout, `  stack       ${stackId} · queue prefix ${config.queuePrefix} · data ${config.dataDir}`);
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
