import { mkdtempSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import type { Config } from '@ingest/config';
import { STAGES, type IngestDocument } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { replayResponse } from '@ingest/reindex';
import { RENDER_SAMPLE, RenderDecisions, SourceRegistry } from '@ingest/sources';
import { articlePage, cleanupTest, configToEnv, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters, after storms damaged more than a third of its length.',
  'Engineers plan to reuse most of the original granite blocks, which were laid in the nineteenth century, and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin during the autumn season.',
];
const JS_PAGES = 5;
const PLAIN_PAGES = 12;
const send = (res: ServerResponse, type: string, body: string) => res.writeHead(200, { 'content-type': type }).end(body);

/** An empty shell whose article arrives by XHR from the same host once the script runs. */
const shell = (n: number) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loading</title></head><body><nav><a href="/">Home</a></nav><div id="root"></div>
  <script>fetch('/api/story-${n}.json').then(r => r.json()).then(s => { document.title = s.title; document.getElementById('root').innerHTML = '<main><article><h1>' + s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article></main>'; });</script></body></html>`;

const consentPage = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Le port</title></head><body><div id="root"></div>
  <div id="onetrust-banner-sdk" style="position:fixed;inset:0;background:#fff"><p>Nous utilisons des cookies pour mesurer l'audience.</p><button id="onetrust-accept-btn-handler">Tout accepter</button></div>
  <script>document.getElementById('onetrust-accept-btn-handler').addEventListener('click', () => { document.getElementById('onetrust-banner-sdk').remove();
    fetch('/api/consent.json').then(r => r.json()).then(s => { document.getElementById('root').innerHTML = '<main><article><h1>' + s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article></main>'; }); });</script></body></html>`;

describe('render: auto renders only the pages that need a browser', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let registry: SourceRegistry;

  beforeAll(async () => {
    const routes: Record<string, (q: unknown, r: ServerResponse) => unknown> = {
      '/consent/harbour.html': (_q, r) => send(r, 'text/html; charset=utf-8', consentPage),
      '/api/consent.json': (_q, r) => send(r, 'application/json', JSON.stringify({ title: 'Le port derrière la bannière', paragraphs: [...PARAGRAPHS, 'Behind the consent banner.'] })),
      '/robots.txt': (_q, r) => send(r, 'text/plain', 'User-agent: *\nDisallow: /members/\n'),
      '/members/story.html': (_q, r) => send(r, 'text/html; charset=utf-8', shell(1)),
    };
    for (let n = 1; n <= JS_PAGES; n++) {
      routes[`/js/story-${n}.html`] = (_q, r) => send(r, 'text/html; charset=utf-8', shell(n));
      routes[`/api/story-${n}.json`] = (_q, r) => send(r, 'application/json', JSON.stringify({ title: `Scripted story ${n}`, paragraphs: [...PARAGRAPHS, `Scripted story number ${n} ends here.`] }));
    }
    for (let n = 1; n <= PLAIN_PAGES; n++)
      routes[`/plain/story-${n}.html`] = (_q, r) => send(r, 'text/html; charset=utf-8', articlePage(`Plain story ${n}`, [...PARAGRAPHS, `Plain story number ${n}.`]));
    site = await startFixtureServer(routes);
    config = testConfig({ jobAttempts: 3, renderChromiumPath: '/usr/bin/chromium', renderConcurrency: 2, fetchHostDelayMs: 0, fetchHostConcurrency: 8 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'render-test' });
    registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('indexes the JS and consent pages with their full bodies, renders no plain page, and shows what it learned', async () => {
    const urls = [
      ...Array.from({ length: PLAIN_PAGES }, (_, i) => `${site.baseUrl}/plain/story-${i + 1}.html`),
      ...Array.from({ length: JS_PAGES }, (_, i) => `${site.baseUrl}/js/story-${i + 1}.html`),
      `${site.baseUrl}/consent/harbour.html`,
      // Disallowed by robots.txt: neither fetched nor rendered, whatever the source's render mode.
      `${site.baseUrl}/members/story.html`,
    ];
    await registry.add({ id: 'news', kind: 'url', urls, render: 'auto', screenshots: true });
    await registry.runNow('news');
    await drained(proc, 240_000);

    const docs = new Map<string, IngestDocument>();
    for await (const d of proc.conns.searchIndex.allDocuments()) docs.set(new URL(d.url).pathname, d);
    for (let n = 1; n <= JS_PAGES; n++) {
      const doc = docs.get(`/js/story-${n}.html`);
      expect(doc?.title, `js ${n}`).toBe(`Scripted story ${n}`);
      expect(doc?.body).toContain(PARAGRAPHS[1]);
      expect(doc?.body).toContain(`Scripted story number ${n} ends here.`);
      expect(doc?.screenshotKey).toMatch(/^screenshots\/.+\.png$/);
    }
    const consent = docs.get('/consent/harbour.html');
    expect(consent?.body).toContain('Behind the consent banner.');
    expect(consent?.body).not.toContain('Nous utilisons des cookies');
    for (let n = 1; n <= PLAIN_PAGES; n++) expect(docs.get(`/plain/story-${n}.html`)?.body, `plain ${n}`).toContain(`Plain story number ${n}.`);
    expect(docs.has('/members/story.html')).toBe(false);
    expect(site.hits).toContain('/robots.txt');
    expect(site.hits).not.toContain('/members/story.html');

    // Plain pages were never rendered: the browser rendered exactly the scripted and consent pages.
    const counts = await proc.conns.stats.counts();
    expect(counts['render.rendered']).toBe(JS_PAGES + 1);
    expect(counts['render.unchanged'] ?? 0).toBe(0);
    expect(counts['render.plainSufficed']).toBeGreaterThan(0);

    const host = new URL(site.baseUrl).host;
    const learned = await new RenderDecisions(proc.conns.redis, proc.conns.queues.prefix).list('news');
    // Renders are compared until the verdict (pages already in flight still count); after it, pages render without comparing.
    const js = learned.find((p) => p.pattern === `${host}/js/*`);
    expect(js).toMatchObject({ plainOk: 0, decision: 'render' });
    expect(js!.rendered).toBeGreaterThanOrEqual(RENDER_SAMPLE);
    expect(js!.changed).toBe(js!.rendered);
    expect(learned.find((p) => p.pattern === `${host}/plain/*`)).toMatchObject({ rendered: 0, decision: 'plain' });
    expect(learned.find((p) => p.pattern === `${host}/consent/*`)).toMatchObject({ rendered: 1, changed: 1, decision: 'learning' });

    // What was learned is shown to the operator (`ingest sources show`) and counted in the metrics.
    let out = '';
    let err = '';
    const io: CliIO = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: configToEnv(config), cwd: mkdtempSync(join(tmpdir(), 'render-cli-')) };
    expect(await main(['sources', 'show', 'news'], io), err).toBe(0);
    expect(out).toContain('render auto, screenshots; learned per URL pattern:');
    expect(out).toMatch(new RegExp(`render\\s+${host}/js/\\*`));
    expect(out).toMatch(new RegExp(`plain\\s+${host}/plain/\\*  \\(plain sufficed \\d+, rendered 0,`));
    const metrics = (await proc.api!.inject({ method: 'GET', url: '/metrics' })).body;
    // Other labels (the service's) may come first.
    const sample = (name: string, label: string): number | null => {
      const m = new RegExp(`^${name}\\{[^}]*${label}[^}]*\\} (\\d+)$`, 'm').exec(metrics);
      return m ? Number(m[1]) : null;
    };
    expect(
      sample('ingest_render_pages_total', 'outcome="rendered"'),
      metrics
        .split('\n')
        .filter((l) => l.includes('render'))
        .join('\n'),
    ).toBe(JS_PAGES + 1);
    expect(sample('ingest_render_pages_total', 'outcome="unchanged"')).toBe(0);
    expect(sample('ingest_render_decisions_total', 'decision="render"')).toBeGreaterThan(0);
    expect(sample('ingest_render_decisions_total', 'decision="plain"')).toBeGreaterThan(0);

    // The snapshot is archived: the document's archive key reads back as the rendered DOM, no browser needed.
    const archived = await proc.conns.archive.getResponse(docs.get('/js/story-1.html')!.archiveKey);
    expect(archived.body.toString('utf8')).toContain('Scripted story number 1 ends here.');
    expect(await proc.conns.archive.exists(docs.get('/js/story-1.html')!.screenshotKey!)).toBe(true);

    // The screenshot is linked from the document and served by the API.
    const auth = { authorization: `Bearer ${config.apiKey}` };
    const js1 = docs.get('/js/story-1.html')!;
    const shown = (await proc.api!.inject({ method: 'GET', url: `/api/v1/documents/${js1.id}`, headers: auth })).json<{ screenshotUrl?: string }>();
    expect(shown.screenshotUrl).toBe(`/api/v1/documents/${js1.id}/screenshot`);
    const png = await proc.api!.inject({ method: 'GET', url: shown.screenshotUrl!, headers: auth });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const plain1 = docs.get('/plain/story-1.html')!;
    expect((await proc.api!.inject({ method: 'GET', url: `/api/v1/documents/${plain1.id}/screenshot`, headers: auth })).statusCode).toBe(404);
    const spec = (await proc.api!.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, { get?: { operationId?: string } }> }>();
    expect(spec.paths['/api/v1/documents/{id}/screenshot']?.get?.operationId).toBe('getDocumentScreenshot');

    // Reindex replays the archived snapshot without a browser and links the same screenshot again.
    const replayed = await replayResponse(proc.conns.archive, js1.archiveKey);
    expect('doc' in replayed && replayed.doc.screenshotKey).toBe(js1.screenshotKey);
    expect('doc' in replayed && replayed.doc.body).toContain('Scripted story number 1 ends here.');
  });
});
