import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { enqueueUrls, CrawlFrontier } from '@ingest/pipeline';
import { connect, startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, configToEnv, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const FETCHER_MAIN = fileURLToPath(new URL('../../services/fetcher/src/main.ts', import.meta.url));
const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters, after storms damaged more than a third of its length.',
  'Engineers plan to reuse most of the original granite blocks, which were laid in the nineteenth century, and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin during the autumn season.',
];

describe('a worker killed with SIGKILL in the middle of a job', () => {
  const config = testConfig({ jobLockMs: 2_000 });
  let site: FixtureServer;
  let child: ChildProcess | undefined;
  let proc: PipelineProcess | undefined;
  let requests = 0;
  let firstRequestArrived!: () => void;
  const arrived = new Promise<void>((r) => (firstRequestArrived = r));

  afterAll(async () => {
    child?.kill('SIGKILL');
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('is picked up again and the document is indexed exactly once', async () => {
    site = await startFixtureServer({
      '/story.html': (_req, res) => {
        requests++;
        // The first request hangs: the worker holding it is killed mid-job.
        if (requests === 1) return firstRequestArrived();
        html(res, articlePage('Breakwater to be rebuilt', PARAGRAPHS));
      },
    });
    const env = { ...process.env, ...configToEnv(config), LOG_LEVEL: 'silent' };
    child = spawn(process.execPath, [FETCHER_MAIN], { env, stdio: 'ignore' });

    const producer = await connect(config, createLogger({ level: 'silent' }), 'producer');
    await producer.archive.ensureReady();
    await enqueueUrls(producer.queues, new CrawlFrontier(producer.redis, producer.queues.prefix), { urls: [`${site.baseUrl}/story.html`] });
    await arrived;
    const active = await producer.queues.queues.fetch.getJobCounts('active');
    expect(active.active).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    // A fresh worker set takes over; the stalled job is found once its lock expires.
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'takeover' });
    const deadline = performance.now() + 30_000;
    let hits = 0;
    while (performance.now() < deadline) {
      const res = await proc.conns.searchIndex.search({ text: 'breakwater granite' });
      hits = res.hits.length;
      if (hits > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(hits).toBe(1);
    expect(requests).toBe(2);
    expect(await proc.conns.searchIndex.count()).toBe(1);
    // The hit is searchable as soon as Meilisearch's task succeeds; the job (and its counter)
    // settles a moment later, so wait for the pipeline to drain before reading counters.
    await drained(proc, 30_000);
    const counters = await proc.conns.stats.counts();
    expect(counters['index.done']).toBe(1);
    await producer.close();
  });
});
