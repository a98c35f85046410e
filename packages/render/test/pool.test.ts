import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryableError } from '@ingest/errors';
import { html, startFixtureServer, type FixtureServer } from '@ingest/testing';
import { BrowserMissingError, RenderPool } from '../src/index.ts';
import { documentOf, testPool } from './helpers.ts';

const BODY = 'The harbour authority confirmed on Tuesday that the new breakwater will be finished before the winter storms arrive.';

const shell = (script: string) => `<!doctype html><html lang="en"><head><title>Shell</title></head><body><main id="app">Loading…</main><script>${script}</script></body></html>`;

let site: FixtureServer;
let pool: RenderPool;
/** Requests the site holds open (a page that never settles, a render caught mid-way); answered or dropped by the test. */
const held: ServerResponse[] = [];
let onHeld: (() => void) | null = null;

beforeAll(async () => {
  site = await startFixtureServer({
    '/js.html': (_req, res) =>
      html(res, shell(`fetch('/api/story.json').then(r => r.json()).then(s => { document.getElementById('app').innerHTML = '<article><h1>' + s.title + '</h1><p>' + s.body + '</p></article>'; });`)),
    '/api/story.json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Breakwater', body: BODY })),
    '/private.html': (_req, res) =>
      html(
        res,
        shell(`const out = document.getElementById('app'); out.textContent = '';
          const targets = ['http://10.255.255.1/steal', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.0.1/', 'http://127.0.0.2:' + location.port + '/api/story.json', '/api/story.json'];
          Promise.all(targets.map(t => fetch(t).then(r => t + ' ok ' + r.status, () => t + ' refused'))).then(lines => { out.innerHTML = lines.map(l => '<p>' + l + '</p>').join(''); });`),
      ),
    '/consent.html': (_req, res) =>
      html(
        res,
        `<!doctype html><html lang="de"><head><title>Mit Zustimmung</title></head><body style="overflow:hidden"><main id="app"></main>
        <div id="cmp" role="dialog" aria-modal="true" style="position:fixed;inset:0;background:#fff;z-index:9999"><p>Wir verwenden Cookies.</p><button type="button">Einstellungen</button><button type="button" id="yes">Alle akzeptieren</button></div>
        <script>document.getElementById('yes').addEventListener('click', () => { document.getElementById('cmp').remove(); document.getElementById('app').innerHTML = '<article><p>${BODY}</p></article>'; });</script></body></html>`,
      ),
    '/tracker.html': (_req, res) => html(res, `<!doctype html><html><body><p>x</p><script src="https://www.googletagmanager.com/gtm.js"></script><img src="/pixel.png"></body></html>`),
    '/pixel.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)),
    '/spin.html': (_req, res) => html(res, shell('for (;;) {}')),
    '/never.html': (_req, res) => html(res, shell(`fetch('/api/never').then(r => r.text()).then(t => { document.getElementById('app').textContent = t; });`)),
    '/api/never': (_req, res) => {
      held.push(res);
      onHeld?.();
    },
  });
  pool = testPool();
});

afterAll(async () => {
  await pool.close();
  await site.close();
});

describe('RenderPool', () => {
  it('runs the page scripts: an article fetched by XHR from the same host is in the snapshot', async () => {
    const url = `${site.baseUrl}/js.html`;
    const result = await pool.render({ url, document: await documentOf(url) });
    expect(result.html).toContain(BODY);
    expect(result.requests.fetched).toBe(1);
    // The navigation is answered from the archived response: the page itself is fetched once, not twice.
    expect(site.hits.filter((h) => h === '/js.html')).toHaveLength(1);
  });

  it('routes every request through the network guard: private, metadata and non-allowed loopback addresses are refused', async () => {
    const url = `${site.baseUrl}/private.html`;
    const result = await pool.render({ url, document: await documentOf(url) });
    expect(result.html).toContain('http://10.255.255.1/steal refused');
    expect(result.html).toContain('http://169.254.169.254/latest/meta-data/ refused');
    expect(result.html).toContain('http://192.168.0.1/ refused');
    expect(result.html).toMatch(/http:\/\/127\.0\.0\.2:\d+\/api\/story\.json refused/);
    expect(result.html).toContain('/api/story.json ok 200');
    expect(result.requests.refused).toBe(4);
  });

  it('closes a consent dialog by its button text in the page language before the snapshot', async () => {
    const url = `${site.baseUrl}/consent.html`;
    const result = await pool.render({ url, document: await documentOf(url), screenshot: true });
    expect(result.consent).toBe('text:button');
    expect(result.html).toContain(BODY);
    expect(result.html).not.toContain('Wir verwenden Cookies');
    expect(result.screenshot?.subarray(1, 4).toString()).toBe('PNG');
  });

  it('blocks trackers by list and leaves same-site images alone', async () => {
    const url = `${site.baseUrl}/tracker.html`;
    const result = await pool.render({ url, document: await documentOf(url) });
    expect(result.requests.blocked.trackers).toBe(1);
    expect(site.hits).toContain('/pixel.png');
  });

  it('replaces a browser hung by a page past its deadline, and the next page renders', async () => {
    const events: string[] = [];
    const watched = testPool({ pageTimeoutMs: 10_000, onEvent: (e) => events.push(e) });
    try {
      const url = `${site.baseUrl}/spin.html`;
      await expect(watched.render({ url, document: await documentOf(url) })).rejects.toMatchObject({ code: 'RENDER_FAILED' });
      expect(events).toContain('hang');
      const ok = `${site.baseUrl}/js.html`;
      const result = await watched.render({ url: ok, document: await documentOf(ok) });
      expect(result.html).toContain(BODY);
      expect(events.filter((e) => e === 'launch')).toHaveLength(2);
    } finally {
      await watched.close();
    }
  });

  it('replaces a browser killed mid-render: the render fails retryably and the next page renders in a new browser', async () => {
    const events: string[] = [];
    // A deadline far away: the crash must be noticed when it happens, not when the page times out.
    const watched = testPool({ pageTimeoutMs: 120_000, onEvent: (e) => events.push(e) });
    try {
      const url = `${site.baseUrl}/never.html`;
      // The page's XHR reaching the site proves the render is under way; then the browser is killed.
      const reached = new Promise<void>((resolve) => (onHeld = resolve));
      const rendering = watched.render({ url, document: await documentOf(url) }).catch((e: unknown) => e);
      await reached;
      onHeld = null;
      const [root] = watched.processIds();
      expect(root).toBeGreaterThan(0);
      process.kill(root!, 'SIGKILL');
      const err = await rendering;
      expect(err).toBeInstanceOf(RetryableError);
      expect(err).toMatchObject({ code: 'RENDER_FAILED', message: expect.stringContaining('crashed') });
      expect(events).toContain('crash');
      expect(events).not.toContain('hang');
      const ok = `${site.baseUrl}/js.html`;
      expect((await watched.render({ url: ok, document: await documentOf(ok) })).html).toContain(BODY);
      expect(events.filter((e) => e === 'launch')).toHaveLength(2);
      expect(watched.processIds()[0]).not.toBe(root);
    } finally {
      await watched.close();
    }
  });

  it('abandons a page that never settles (a request never answered) at RENDER_PAGE_TIMEOUT_MS and replaces its browser', async () => {
    const events: string[] = [];
    const watched = testPool({ pageTimeoutMs: 4_000, onEvent: (e) => events.push(e) });
    try {
      const url = `${site.baseUrl}/never.html`;
      const started = performance.now();
      const err = await watched.render({ url, document: await documentOf(url) }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'RENDER_FAILED', message: expect.stringContaining('RENDER_PAGE_TIMEOUT_MS') });
      expect(err).toBeInstanceOf(RetryableError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(events).toContain('hang');
      const ok = `${site.baseUrl}/js.html`;
      expect((await watched.render({ url: ok, document: await documentOf(ok) })).html).toContain(BODY);
      expect(events.filter((e) => e === 'launch')).toHaveLength(2);
    } finally {
      for (const res of held.splice(0)) res.destroy();
      await watched.close();
    }
  });

  it('replaces a context after RENDER_PAGES_PER_CONTEXT pages, and the browser when it grows past RENDER_MAX_BROWSER_MEMORY_MB', async () => {
    const url = `${site.baseUrl}/js.html`;
    const document = await documentOf(url);
    const events: string[] = [];
    const perContext = testPool({ maxContexts: 1, pagesPerContext: 2, onEvent: (e) => events.push(e) });
    try {
      for (let i = 0; i < 3; i++) expect((await perContext.render({ url, document })).html).toContain(BODY);
      expect(events.filter((e) => e === 'recycle-context')).toHaveLength(1);
      expect(events.filter((e) => e === 'launch')).toHaveLength(1);
    } finally {
      await perContext.close();
    }
    const memoryEvents: string[] = [];
    // Any running Chromium holds more than 1 MB: every page replaces the browser after it.
    const small = testPool({ maxContexts: 1, maxBrowserMemoryMb: 1, onEvent: (e) => memoryEvents.push(e) });
    try {
      for (let i = 0; i < 2; i++) expect((await small.render({ url, document })).html).toContain(BODY);
      expect(memoryEvents.filter((e) => e === 'recycle-memory')).toHaveLength(2);
      expect(memoryEvents.filter((e) => e === 'launch')).toHaveLength(2);
    } finally {
      await small.close();
    }
  });

  it('says how to install Chromium when it is missing', async () => {
    const missing = testPool({ executable: 'no-such-chromium-binary' });
    const url = `${site.baseUrl}/js.html`;
    const err = await missing.render({ url, document: await documentOf(url) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserMissingError);
    expect(String((err as Error).message)).toContain('apt-get install chromium');
    await missing.close();
  });

  it('says the same for a bogus RENDER_CHROMIUM_PATH: a path that does not exist, or a binary that is not a browser', async () => {
    const url = `${site.baseUrl}/js.html`;
    const document = await documentOf(url);
    for (const [executable, code] of [
      ['/opt/no-such-dir/chromium', 'BROWSER_MISSING'],
      ['/bin/true', 'RENDER_FAILED'],
    ] as const) {
      const bogus = testPool({ executable });
      try {
        const err = await bogus.render({ url, document }).catch((e: unknown) => e);
        expect(err, executable).toBeInstanceOf(RetryableError);
        expect(err).toMatchObject({ code, message: expect.stringContaining(executable) });
        expect(String((err as Error).message)).toContain('RENDER_CHROMIUM_PATH');
        expect(String((err as Error).message)).toContain('apt-get install chromium');
      } finally {
        await bogus.close();
      }
    }
  });
});
