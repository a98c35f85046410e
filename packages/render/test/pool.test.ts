import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, startFixtureServer, type FixtureServer } from '@ingest/testing';
import { BrowserMissingError, RenderPool } from '../src/index.ts';
import { documentOf, testPool } from './helpers.ts';

const BODY = 'The harbour authority confirmed on Tuesday that the new breakwater will be finished before the winter storms arrive.';

const shell = (script: string) => `<!doctype html><html lang="en"><head><title>Shell</title></head><body><main id="app">Loading…</main><script>${script}</script></body></html>`;

let site: FixtureServer;
let pool: RenderPool;

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

  it('says how to install Chromium when it is missing', async () => {
    const missing = testPool({ executable: 'no-such-chromium-binary' });
    const url = `${site.baseUrl}/js.html`;
    const err = await missing.render({ url, document: await documentOf(url) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserMissingError);
    expect(String((err as Error).message)).toContain('apt-get install chromium');
    await missing.close();
  });
});
