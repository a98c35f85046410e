import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { ApiKeyStore } from '@ingest/ops';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';

const SHOTS = 'test-results';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the queue dashboard in a real browser', () => {
  const config = testConfig();
  let proc: PipelineProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'dashboard-test' });
    // Work waiting in the fetch queue, so the dashboard has something to show.
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: ['https://example.org/a', 'https://example.org/b', 'https://example.org/c'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await proc?.close();
    await cleanupTest(config);
  });

  it('logs in with HTTP credentials (the API key as password) and shows every queue', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: { username: 'operator', password: config.apiKey! } });
    const page = await context.newPage();
    // The API's Content-Security-Policy must not block anything bull-board needs.
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    const res = await page.goto(`${proc.apiUrl}/admin/queues`);
    expect(res?.status()).toBe(200);
    for (const stage of STAGES) await page.getByRole('link', { name: stage, exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'fetch', exact: true }).first().click();
    await page.waitForURL(/\/admin\/queues\/queue\/fetch/);
    await page
      .getByText('example.org/a', { exact: false })
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => {});
    await page.screenshot({ path: `${SHOTS}/dashboard-fetch-queue.png`, fullPage: true });
    await page.goto(`${proc.apiUrl}/admin/queues`);
    await page.getByRole('link', { name: 'index', exact: true }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/dashboard-queues.png`, fullPage: true });
    const text = await page.locator('body').innerText();
    for (const stage of STAGES) expect(text).toContain(stage);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('refuses a browser without credentials (401) and a read-only key (403)', async () => {
    // Chromium itself aborts a page load on an unanswered Basic challenge; the context's request
    // client shows the status the browser got.
    const anonymous = await browser.newContext();
    const refused = await anonymous.request.get(`${proc.apiUrl}/admin/queues`);
    expect(refused.status()).toBe(401);
    expect(refused.headers()['www-authenticate']).toContain('Basic');
    await anonymous.close();
    const { key } = await new ApiKeyStore(proc.conns.redis, config.queuePrefix).create('viewer', ['read']);
    const reader = await browser.newContext({ httpCredentials: { username: 'viewer', password: key } });
    expect((await (await reader.newPage()).goto(`${proc.apiUrl}/admin/queues`))?.status()).toBe(403);
    await reader.close();
  });
});
