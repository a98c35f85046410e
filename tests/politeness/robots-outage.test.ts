import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const OUTAGE_MS = 8_000;

/**
 * A robots.txt outage blocks its site for FETCH_ROBOTS_ERROR_TTL_MS. The page's retries wait that
 * out instead of failing against the cached outage every few seconds: with 3 attempts and a 2 s
 * back-off, all three used to be spent within about 6 s, before the site was tried again.
 */
describe('a page behind a robots.txt outage', () => {
  const config = testConfig({ jobAttempts: 3, fetchRobotsErrorTtlMs: OUTAGE_MS });
  let proc: PipelineProcess;
  let site: FixtureServer;
  const robotsAt: number[] = [];

  beforeAll(async () => {
    site = await startFixtureServer({
      '/robots.txt': (_q, r) => {
        robotsAt.push(Date.now());
        if (robotsAt.length === 1) r.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
        else r.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow:\n');
      },
      '/a.html': (_q, r) =>
        html(
          r,
          articlePage('Ferry timetable changes for the winter', [
            'The ferry company will run two crossings a day from November, down from five in the summer months, and the late boat on Fridays is kept.',
            'Season tickets bought before the change stay valid, and the company says refunds are available for the weeks without a service.',
          ]),
        ),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'robots-outage-test' });
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('retries no sooner than the site is tried again, and is fetched once robots.txt answers', async () => {
    const res = await proc.api!.inject({ method: 'POST', url: '/api/v1/enqueue', headers: { authorization: `Bearer ${config.apiKey}` }, payload: { urls: [`${site.baseUrl}/a.html`] } });
    expect(res.statusCode, res.body).toBe(202);
    await drained(proc, 60_000);
    const [job] = await proc.conns.queues.queues.fetch.getJobs(['completed', 'failed']);
    expect(await job!.getState(), job!.failedReason).toBe('completed');
    expect(job!.attemptsMade).toBeLessThanOrEqual(2);
    expect(robotsAt).toHaveLength(2);
    expect(robotsAt[1]! - robotsAt[0]!).toBeGreaterThanOrEqual(OUTAGE_MS - 500);
    expect(await proc.conns.searchIndex.count()).toBe(1);
  });
});
