import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES, type IngestDocument } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { SourceRegistry } from '@ingest/sources';
import { articlePage, cleanupTest, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern breakwater will be rebuilt over the next two winters, after storms damaged more than a third of its length.',
  'Engineers plan to reuse most of the original granite blocks, which were laid in the nineteenth century, and to add a concrete core that can withstand higher waves.',
  'Fishing crews welcomed the plan but asked for a temporary mooring area so that the work does not close the inner basin during the autumn season.',
];

const shell = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loading</title></head><body><div id="root"></div>
  <script>fetch('/api/story.json').then(r => r.json()).then(s => { document.title = s.title; document.getElementById('root').innerHTML = '<main><article><h1>' + s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article></main>'; });</script></body></html>`;

/** Main processes of the render pools this test process started (other engineers' browsers have other parents). */
function ownBrowsers(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--ingest-render-pool=')) pids.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

describe('render: the browser starts only for a source that asks, and one that crashes mid-page is replaced and the job retried', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let killed = 0;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/plain/story.html': (_q, r: ServerResponse) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage('A plain story', PARAGRAPHS)),
      '/crash/story.html': (_q, r: ServerResponse) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shell),
      '/api/story.json': (_q, r: ServerResponse) => {
        // The first render dies here: its browser is killed while the page waits for its data.
        if (killed === 0) {
          const pids = ownBrowsers();
          killed = pids.length;
          for (const pid of pids) process.kill(pid, 'SIGKILL');
          r.destroy();
          return;
        }
        r.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Survived a crash', paragraphs: [...PARAGRAPHS, 'Rendered on the second attempt.'] }));
      },
    });
    config = testConfig({ jobAttempts: 3, renderChromiumPath: '/usr/bin/chromium', renderConcurrency: 1, fetchHostDelayMs: 0 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'render-crash-test' });
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('runs every stage, render included, without starting a browser while no source asks for rendering', async () => {
    const registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
    await registry.add({ id: 'plain', kind: 'url', urls: [`${site.baseUrl}/plain/story.html`] });
    await registry.runNow('plain');
    await drained(proc, 120_000);
    const docs: IngestDocument[] = [];
    for await (const d of proc.conns.searchIndex.allDocuments()) docs.push(d);
    expect(docs.map((d) => d.title)).toEqual(['A plain story']);
    expect(ownBrowsers()).toEqual([]);
  });

  it('indexes a rendered page with its full body after its browser was killed mid-page and the job retried', async () => {
    const registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
    await registry.add({ id: 'crashy', kind: 'url', urls: [`${site.baseUrl}/crash/story.html`], render: 'always' });
    await registry.runNow('crashy');
    await drained(proc, 120_000);

    expect(killed).toBe(1);
    const docs: IngestDocument[] = [];
    for await (const d of proc.conns.searchIndex.allDocuments()) docs.push(d);
    const doc = docs.find((d) => d.url.endsWith('/crash/story.html'));
    expect(doc?.title).toBe('Survived a crash');
    expect(doc?.body).toContain('Rendered on the second attempt.');
    // Two attempts reached the page's data: the killed one and the retry in a new browser.
    expect(site.hits.filter((h) => h === '/api/story.json')).toHaveLength(2);
    expect(ownBrowsers()).toHaveLength(1);
  });
});
