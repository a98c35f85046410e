import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { freePort, startMeilisearch, startS3rver, type RunningService } from '@ingest/embedded';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, drained, testConfig } from '@ingest/testing';
import { startPoliteSite, type PoliteSite } from '../scale-out/polite-site.ts';
import { failedJobs, retriedJobs, waitFor } from './helpers.ts';

const PAGES = 60;

async function kill(service: RunningService): Promise<void> {
  const child = service.child!;
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** What every outage test checks once the pipeline drained: nothing lost, failed, or retried. */
async function expectNothingLost(proc: PipelineProcess, stages: readonly string[]): Promise<void> {
  await waitFor(`${PAGES} documents indexed`, async () => (await proc.conns.searchIndex.count()) === PAGES, 120_000);
  await drained(proc, 60_000);
  expect(await failedJobs(proc.conns.queues)).toEqual([]);
  // A job that met the outage waited; it did not use up an attempt (jobAttempts is 2 here, so
  // the old behaviour, one retry after ~2 s, failed jobs in an outage this long).
  expect(await retriedJobs(proc.conns.queues)).toEqual([]);
  const counts = await proc.conns.stats.counts();
  expect(stages.reduce((n, stage) => n + (counts[`${stage}.dependencyWaits`] ?? 0), 0)).toBeGreaterThan(0);
  expect(Object.entries(counts).filter(([k, v]) => k.endsWith('.failed') && v > 0)).toEqual([]);
  expect(counts['index.done']).toBe(PAGES);
  const failures = await proc.conns.stats.recentFailures(200);
  expect(failures.some((f) => f.code === 'DEPENDENCY_UNAVAILABLE' && !f.final)).toBe(true);
  expect(failures.filter((f) => f.final)).toEqual([]);
}

describe('Meilisearch stops mid-run and comes back on its data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outage-meili-'));
  const masterKey = randomBytes(16).toString('hex');
  let meili: RunningService | undefined;
  let port = 0;
  let site: PoliteSite | undefined;
  let proc: PipelineProcess | undefined;
  let config: ReturnType<typeof testConfig> | undefined;

  afterAll(async () => {
    await proc?.close();
    await site?.server.close();
    if (config) await cleanupTest(config).catch(() => {});
    if (meili) await kill(meili);
  });

  it('indexes every page; the index stage pauses, waits and resumes by itself; no job fails or uses an attempt', async () => {
    port = await freePort();
    meili = await startMeilisearch({ port, dbPath: join(dir, 'meili'), masterKey });
    config = testConfig({ meiliUrl: meili.url, meiliMasterKey: masterKey, jobAttempts: 2 });
    site = await startPoliteSite('127.0.0.5', PAGES, 200);
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'outage-meili' });
    const p = proc;
    await enqueueUrls(p.conns.queues, new CrawlFrontier(p.conns.redis, p.conns.queues.prefix), { urls: site.articleUrls });

    await waitFor('a first document indexed', async () => (await p.conns.searchIndex.count()) > 0);
    await kill(meili);
    // Down until the index stage met the outage and everything upstream is done: every index
    // job that remains has waited through it.
    await waitFor(
      'upstream done while index jobs wait for Meilisearch',
      async () => {
        const counts = await p.conns.stats.counts();
        if ((counts['index.dependencyWaits'] ?? 0) === 0) return false;
        for (const q of ['fetch', 'extract'] as const) {
          const c = await p.conns.queues.queues[q].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          if (Object.values(c).some((n) => n > 0)) return false;
        }
        const index = await p.conns.queues.queues.index.getJobCounts('waiting', 'delayed', 'active');
        return (index.waiting ?? 0) + (index.delayed ?? 0) + (index.active ?? 0) > 0;
      },
      120_000,
    );
    meili = await startMeilisearch({ port, dbPath: join(dir, 'meili'), masterKey });
    await expectNothingLost(p, ['index']);
  }, 300_000);
});

describe('S3 stops mid-run and comes back on its data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outage-s3-'));
  let s3: RunningService | undefined;
  let site: PoliteSite | undefined;
  let proc: PipelineProcess | undefined;
  let config: ReturnType<typeof testConfig> | undefined;

  afterAll(async () => {
    await proc?.close();
    await site?.server.close();
    if (config) await cleanupTest(config).catch(() => {});
    if (s3) await kill(s3);
  });

  it('indexes every page; stages pause, wait and resume by themselves; no job fails or uses an attempt', async () => {
    const port = await freePort();
    s3 = await startS3rver({ port, directory: join(dir, 's3') });
    config = testConfig({ s3Endpoint: s3.url, s3AccessKeyId: 'S3RVER', s3SecretAccessKey: 'S3RVER', jobAttempts: 2 });
    site = await startPoliteSite('127.0.0.6', PAGES, 200);
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'outage-s3' });
    const p = proc;
    await enqueueUrls(p.conns.queues, new CrawlFrontier(p.conns.redis, p.conns.queues.prefix), { urls: site.articleUrls });

    await waitFor('a first document indexed', async () => (await p.conns.searchIndex.count()) > 0);
    await kill(s3);
    await waitFor('a stage meeting the outage', async () => {
      const counts = await p.conns.stats.counts();
      return Object.entries(counts).some(([k, v]) => k.endsWith('.dependencyWaits') && v > 0);
    });
    // The outage itself lasts a set time: longer than the old behaviour took to fail a job with
    // two attempts (one retry after about 2 s). Every assertion below waits for its condition.
    await new Promise((r) => setTimeout(r, 8_000));
    s3 = await startS3rver({ port, directory: join(dir, 's3') });
    await expectNothingLost(p, STAGES);
  }, 300_000);
});
