import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Config } from '@ingest/config';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { cleanupTest, testConfig } from '@ingest/testing';
import { ARCHIVE_MARKER, archiveStories } from './fixtures.ts';

const SHOTS = 'test-results';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the search UI in a real browser', () => {
  let config: Config;
  let proc: PipelineProcess;
  let browser: Browser;
  let base: string;
  let ui: { meiliUrl: string; searchKey: string; indexUid: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: [], api: true, service: 'browser-test' });
    base = proc.apiUrl!;
    await proc.conns.searchIndex.upsert(await archiveStories(proc.conns.archive));
    ui = (await (await fetch(`${base}/ui-config.json`)).json()) as typeof ui;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await proc?.close();
    if (config) await cleanupTest(config);
  });

  /** Uncaught exceptions in the page fail the test that caused them. */
  const errors: string[] = [];
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  async function openPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    // The API's Content-Security-Policy must not block anything the page needs.
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) errors.push(m.text());
    });
    return page;
  }

  const hits = (page: Page) => page.locator('#results > li.hit');
  /** Waits until a search has settled with exactly n result cards. */
  const expectHits = (page: Page, n: number) =>
    page.waitForFunction((want) => !document.querySelector('#results[aria-busy]') && document.querySelectorAll('#results > li.hit').length === want, n, { timeout: 20_000 });

  it('searches as you type, highlights matches, narrows with a facet, and opens the archived copy', async () => {
    const page = await openPage();
    await page.goto(`${base}/`);
    // Seven stories, two of them copies of one article: the cluster shows once.
    await expectHits(page, 6);
    expect(await page.locator('#results-heading').textContent()).toBe('Latest articles');

    await page.locator('#q').pressSequentially('harbour', { delay: 30 });
    await page.waitForSelector('#results-heading:has-text("for “harbour”")');
    await expectHits(page, 4);
    expect(await page.locator('#results mark').first().textContent()).toMatch(/harbour/i);
    expect(page.url()).toContain('q=harbour');
    await page.waitForSelector('#status:has-text("4 articles for “harbour”")');

    // The collapsed copy is one click away.
    const similar = page.locator('.similar-toggle');
    await similar.waitFor();
    expect(await similar.textContent()).toBe('1 similar article');
    await similar.click();
    await page.waitForSelector('.similar li');
    expect(await similar.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.similar li').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/search-ui-desktop-results.png`, fullPage: true });

    // Facet counts are shown; picking a site narrows the results.
    const euroBrief = page.locator('.facet[data-facet="site"] label', { hasText: 'eurobrief.example' });
    expect(await euroBrief.locator('.count').textContent()).toBe('1');
    await euroBrief.click();
    await expectHits(page, 1);
    expect(await hits(page).first().locator('h2').textContent()).toContain('Offshore wind farm');
    expect(page.url()).toContain('site=www.eurobrief.example');
    await page.waitForSelector('.chip[data-attr="site"]');
    // Disjunctive facets: the other sites still show their counts.
    expect(await page.locator('.facet[data-facet="site"] li').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}/search-ui-desktop.png`, fullPage: true });

    // The archived copy is the archived HTML, served inert.
    const title = await hits(page).first().locator('h2 a').textContent();
    const [response] = await Promise.all([page.waitForNavigation(), hits(page).first().locator('a.archived').click()]);
    expect(response?.headers()['content-security-policy']).toContain('sandbox');
    expect(await page.locator('body').textContent()).toContain(`${ARCHIVE_MARKER}: offshore-wind.`);
    expect(await page.locator('h1').textContent()).toBe(title?.trim());
    await page.screenshot({ path: `${SHOTS}/search-ui-archived.png` });

    // Back restores the search from the URL.
    await page.goBack();
    await expectHits(page, 1);
    expect(await page.locator('#q').inputValue()).toBe('harbour');
    await page.context().close();
  });

  it('shows empty and error states, and is usable from the keyboard', async () => {
    const page = await openPage();
    await page.goto(`${base}/?q=zzqxv`);
    await page.waitForSelector('.message.empty');
    expect(await page.locator('.message.empty h2').textContent()).toContain('No articles match “zzqxv”');
    await page.waitForSelector('#status:has-text("No articles")');

    // "/" jumps to the search box; Escape clears it and results come back.
    await page.locator('#results-heading').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.press('Escape');
    await expectHits(page, 6);

    // Focus order: skip link, brand, search box, then the sort control (filters sit behind a button on phones only).
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className);
    expect(await focused()).toBe('q');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('brand');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('skip-link');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('sort');
    // Every form control has an accessible name.
    const unlabeled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, button'))
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.textContent?.trim())
        .map((el) => el.outerHTML),
    );
    expect(unlabeled).toEqual([]);

    // A match deep in the body shows as a highlighted snippet from the body.
    await page.locator('#q').fill('turbines');
    await page.waitForSelector('.snippet mark');
    expect(await page.locator('.snippet mark').first().textContent()).toBe('turbines');
    expect(await page.locator('.snippet').first().textContent()).toContain('traditional grounds');

    // Meilisearch down: an error the user can act on, announced as an alert.
    await page.route(`${ui.meiliUrl}/multi-search`, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"Meilisearch is restarting"}' }));
    await page.locator('#q').fill('ferry');
    await page.waitForSelector('.message.error[role="alert"]');
    expect(await page.locator('.message.error').textContent()).toContain('Meilisearch is restarting');
    await page.unroute(`${ui.meiliUrl}/multi-search`);
    await page.locator('[data-retry]').click();
    await expectHits(page, 1);
    await page.context().close();
  });

  it('fits a phone: filters behind a button, cards in one column', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(`${base}/?q=harbour&sort=publishedTs%3Adesc`);
    await expectHits(page, 4);
    expect(await page.locator('#facets').isVisible()).toBe(false);
    // Newest first.
    const dates = await page.locator('#results time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect(dates).toEqual([...dates].sort().reverse());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/search-ui-phone.png`, fullPage: true });

    await page.locator('#filters-toggle').click();
    await page.locator('#facets').waitFor({ state: 'visible' });
    expect(await page.locator('#filters-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.locator('.facet[data-facet="language"] label', { hasText: 'English' }).click();
    await page.waitForSelector('#filters-count:has-text("(1)")');
    await page.screenshot({ path: `${SHOTS}/search-ui-phone-filters.png`, fullPage: true });
    await page.context().close();
  });

  it('gives the browser a key that can only search', async () => {
    const index = `${ui.meiliUrl}/indexes/${ui.indexUid}`;
    const headers = { authorization: `Bearer ${ui.searchKey}`, 'content-type': 'application/json' };
    expect((await fetch(`${index}/search`, { method: 'POST', headers, body: '{"q":"harbour"}' })).status).toBe(200);
    const forbidden = [
      fetch(`${index}/documents`, { method: 'POST', headers, body: '[{"id":"x","title":"injected"}]' }),
      fetch(`${index}/documents/x`, { method: 'DELETE', headers }),
      fetch(`${index}/documents`, { headers }),
      fetch(`${index}/settings`, { headers }),
      fetch(`${index}/settings`, { method: 'PATCH', headers, body: '{"rankingRules":["words"]}' }),
      fetch(index, { method: 'DELETE', headers }),
      fetch(`${ui.meiliUrl}/keys`, { headers }),
      fetch(`${ui.meiliUrl}/swap-indexes`, { method: 'POST', headers, body: '[]' }),
    ];
    for (const res of await Promise.all(forbidden)) expect(res.status, res.url).toBe(403);
    // And only this index: another index is invisible to it.
    const other = await fetch(`${ui.meiliUrl}/indexes/someone_elses_index/search`, { method: 'POST', headers, body: '{"q":""}' });
    expect([403, 404]).toContain(other.status);
  });
});
