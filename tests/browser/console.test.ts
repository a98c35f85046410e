import { mkdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOT = process.env.CONSOLE_SCREENSHOT ?? 'test-results/console.png';
const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters, after storms damaged more than a third of its length.',
  'Engineers plan to reuse most of the original granite blocks, which were laid in the nineteenth century, and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin during the autumn season.',
];
const PAGES = ['quay', 'ferry', 'lighthouse', 'dredging'];

describe('the operator console in a real browser', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let browser: Browser;
  // The last page is held until the test has seen the crawl under way (and taken its screenshot).
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const article = (res: ServerResponse, title: string, links = '') =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(title, [...PARAGRAPHS, `${title}.`]).replace('</article>', `${links}</article>`));
    const routes: Record<string, (q: unknown, r: ServerResponse) => unknown> = {
      '/': (_q, r) => article(r, 'Harbour news front page', [...PAGES, 'broken'].map((p) => `<a href="/news/${p}.html">${p}</a>`).join('')),
      // Accepted, never indexed: the run view lists it with its last error.
      '/news/broken.html': (_q, r) => r.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded'),
    };
    for (const p of PAGES)
      routes[`/news/${p}.html`] = async (_q, r) => {
        if (p === PAGES.at(-1)) await gate;
        article(r, `Harbour ${p} story`);
      };
    site = await startFixtureServer(routes);
    config = testConfig({ jobAttempts: 1 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'console-test' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    release();
    await browser?.close();
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  async function loggedIn(context: BrowserContext, key = config.apiKey!): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${proc.apiUrl}/console`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Sources' }).waitFor();
    return page;
  }

  it('refuses a wrong key and shows no console', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${proc.apiUrl}/console`);
    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That key is not valid.').waitFor();
    expect(await page.getByRole('heading', { name: 'Sources' }).isVisible()).toBe(false);
    expect((await context.cookies()).filter((c) => c.name === 'ingest_console')).toEqual([]);
    expect((await context.request.get(`${proc.apiUrl}/api/v1/sources`)).status()).toBe(401);
    await context.close();
  });

  it('logs in, registers a crawl of a loopback site, shows its progress until it finishes, and opens a document', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const cspViolations: string[] = [];
    const page = await loggedIn(context);
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    const cookie = (await context.cookies()).find((c) => c.name === 'ingest_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByLabel('Id').fill('harbour');
    await page.getByLabel('Kind').selectOption('crawl');
    await page.getByLabel('URLs (one a line)').fill(`${site.baseUrl}/`);
    await page.getByLabel('Max pages').fill('10');
    await page.getByLabel('Max depth').fill('1');
    await page.getByRole('button', { name: 'Add and run' }).click();
    await page.locator('tr[data-source="harbour"]').waitFor();

    // Under way: some pages fetched, the held one not yet.
    await page.waitForFunction(() => Number(document.querySelector('[data-stat="fetched"] dd')?.textContent?.replace(/\D/g, '') ?? 0) >= 2, undefined, { timeout: 60_000 });
    expect(await page.locator('#progress').getAttribute('data-state')).toBe('running');
    await page.locator('[data-stat="found"] dd').filter({ hasText: '6' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: SHOT, fullPage: true });
    release();

    await page.locator('#progress[data-state="finished"]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-stat="fetched"] dd').innerText()).toBe('5');
    expect(await page.locator('[data-stat="failed"] dd').innerText()).toBe('1');
    // The run view lists the run's pages from its records: every indexed one links to its document.
    await page.locator('#documents a.document').nth(4).waitFor({ timeout: 30_000 });
    expect(await page.locator('#documents a.document').count()).toBe(5);
    expect(await page.locator('#documents .summary').innerText()).toMatch(/: 6 pages, 5 indexed\./);
    expect(await page.locator('#documents li[data-outcome="failed"]').innerText()).toContain('/news/broken.html');
    // The page accepted but not indexed, with the error that stopped it.
    const lost = page.locator('#lost li[data-url$="/news/broken.html"]');
    await lost.waitFor({ timeout: 30_000 });
    expect(await lost.innerText()).toContain('HTTP_SERVER_ERROR');
    expect(await page.locator('#lost').getAttribute('data-lost')).toBe('1');
    await page.locator('#documents a.document', { hasText: 'Harbour ferry story' }).click();
    await page.waitForURL(/\/archive\//);
    expect(await page.locator('h1').innerText()).toBe('Harbour ferry story');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('registers a source with a cron schedule and crawl include/exclude patterns', async () => {
    // Its own site: pages another crawl already fetched come back unchanged, and an unchanged page's links are not followed again.
    const paper = await startFixtureServer({
      '/': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage('Evening paper front page', PARAGRAPHS).replace('</article>', '<a href="/news/tides.html">tides</a><a href="/news/broken.html">broken</a></article>')),
      '/news/tides.html': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage('Spring tides expected this weekend', PARAGRAPHS)),
    });
    const context = await browser.newContext();
    const page = await loggedIn(context);
    await page.getByLabel('Id').fill('nightly');
    await page.getByLabel('Kind').selectOption('crawl');
    await page.getByLabel('URLs (one a line)').fill(`${paper.baseUrl}/`);
    await page.getByLabel('Include').fill('/news/ ^/$');
    await page.getByLabel('Exclude').fill('broken');
    await page.getByLabel('or cron pattern').fill('0 3 * * *');
    await page.getByRole('button', { name: 'Add and run' }).click();
    await page.locator('tr[data-source="nightly"]').getByText('0 3 * * *').waitFor();
    const view = await (await context.request.get(`${proc.apiUrl}/api/v1/sources/nightly`)).json();
    expect(view.source).toMatchObject({ schedule: { pattern: '0 3 * * *' }, crawl: { include: ['/news/', '^/$'], exclude: ['broken'] } });
    // A cron source is run at once too (only an `every` schedule starts its own first run).
    // Finished although the schedule holds its next run as a delayed job.
    await page.locator('#progress[data-state="finished"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-stat="failed"] dd').innerText()).toBe('0');
    expect(await page.locator('#documents a.document').count()).toBe(2);
    expect(await page.locator('#documents').innerText()).not.toContain('broken');
    await context.close();
    await paper.close();
  });

  it('ends a console session when the API key it logged in with is revoked', async () => {
    const created = await proc.api!.inject({ method: 'POST', url: '/api/v1/keys', headers: { authorization: `Bearer ${config.apiKey}` }, payload: { name: 'night shift', scopes: ['write'] } });
    const key = created.json<{ id: string; key: string }>();
    const context = await browser.newContext();
    const page = await loggedIn(context, key.key);
    expect(await page.locator('#who').innerText()).toContain('night shift');
    expect((await context.request.get(`${proc.apiUrl}/api/v1/sources`)).status()).toBe(200);
    expect((await proc.api!.inject({ method: 'DELETE', url: `/api/v1/keys/${key.id}`, headers: { authorization: `Bearer ${config.apiKey}` } })).statusCode).toBe(204);
    // The next request with the cookie is refused, and the console goes back to its login.
    const after = await context.request.get(`${proc.apiUrl}/api/v1/sources`);
    expect(after.status()).toBe(401);
    expect((await context.request.get(`${proc.apiUrl}/console/session`)).status()).toBe(401);
    await page.locator('#login-view').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByRole('heading', { name: 'Sources' }).isVisible()).toBe(false);
    await context.close();
  });

  it('pauses, resumes and deletes a source from the console', async () => {
    const context = await browser.newContext();
    const page = await loggedIn(context);
    const row = page.locator('tr[data-source="harbour"]');
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('paused').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByRole('button', { name: 'Pause' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await context.close();
  });

  it('refuses a state-changing request that carries the session cookie but not its CSRF token, or comes from another origin', async () => {
    const context = await browser.newContext();
    await loggedIn(context);
    const session = await (await context.request.get(`${proc.apiUrl}/console/session`)).json();
    const body = { id: 'evil', kind: 'url', urls: ['https://example.org/'] };
    const noToken = await context.request.post(`${proc.apiUrl}/api/v1/sources`, { data: body });
    expect(noToken.status()).toBe(403);
    expect((await noToken.json()).code).toBe('csrf_refused');
    const crossSite = await context.request.post(`${proc.apiUrl}/api/v1/sources`, { data: body, headers: { origin: 'https://evil.example', 'x-csrf-token': session.csrf } });
    expect(crossSite.status()).toBe(403);
    const wrongToken = await context.request.post(`${proc.apiUrl}/api/v1/sources`, { data: body, headers: { 'x-csrf-token': 'guess' } });
    expect(wrongToken.status()).toBe(403);
    // The same request with the token goes through: the refusals above were the CSRF check.
    const ok = await context.request.post(`${proc.apiUrl}/api/v1/sources`, { data: body, headers: { 'x-csrf-token': session.csrf, origin: proc.apiUrl! } });
    expect(ok.status()).toBe(201);
    // Logged out, the cookie no longer authenticates anything.
    expect((await context.request.post(`${proc.apiUrl}/console/logout`, { headers: { 'x-csrf-token': session.csrf } })).status()).toBe(204);
    expect((await context.request.get(`${proc.apiUrl}/api/v1/sources`)).status()).toBe(401);
    await context.close();
  });
});
