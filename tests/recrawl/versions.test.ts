import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { main } from '@ingest/cli';
import { createLogger } from '@ingest/logger';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { SourceRegistry } from '@ingest/sources';
import { cleanupTest, configToEnv, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { documentId } from '@ingest/urls';
import { VersionStore } from '@ingest/versions';
import { PARAGRAPHS } from '../sources/helpers.ts';

const CORRECTED = 'Engineers plan to reuse most of the original granite blocks, which were laid in the eighteenth century, and to add a concrete core that can withstand higher waves.';

/** A page with a sidebar and a dateline, both of which carry the time of the request. */
function page(title: string, paragraphs: string[], stamp: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><nav><a href="/">Home</a></nav>
<main><article><h1>${title}</h1><p>Updated ${stamp}</p>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article>
<aside><h2>Most read</h2><p>Page generated ${stamp}</p></aside></main><footer>© Fixture</footer></body></html>`;
}

describe('versions: a recrawl that corrects a paragraph, changes a title, or changes only a sidebar date', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let registry: SourceRegistry;
  let round = 1;
  const stamp = () => (round === 1 ? '2 December 2026, 09:15' : '3 December 2026, 17:42');
  const url = (path: string) => `${site.baseUrl}${path}`;

  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { ...configToEnv(config), LOG_LEVEL: 'silent' },
      cwd: process.cwd(),
    });
    expect(code, err).toBe(0);
    return out;
  };

  beforeAll(async () => {
    site = await startFixtureServer({
      '/corrected.html': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Breakwater to be rebuilt', round === 1 ? PARAGRAPHS : [PARAGRAPHS[0]!, CORRECTED, PARAGRAPHS[2]!], stamp())),
      '/retitled.html': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(round === 1 ? 'Harbour works start soon' : 'Harbour works delayed until spring', PARAGRAPHS.slice(1), stamp())),
      '/sidebar.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Moorings for the autumn season', [PARAGRAPHS[2]!, PARAGRAPHS[0]!], stamp())),
    });
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: true, service: 'versions-test' });
    registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
    await registry.add({ id: 'changes', kind: 'url', urls: ['/corrected.html', '/retitled.html', '/sidebar.html'].map(url) });
    for (round = 1; round <= 2; round++) {
      await registry.runNow('changes');
      await drained(proc);
    }
    round = 2;
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('records versions 2, 2 and 1: a sidebar or dateline that changed only its digits is not a version', async () => {
    const store = new VersionStore(proc.conns.redis, proc.conns.queues.prefix);
    const counts = await store.counts(['/corrected.html', '/retitled.html', '/sidebar.html'].map((p) => documentId(url(p))));
    expect(counts).toEqual([2, 2, 1]);
    // The sidebar page was re-extracted (its bytes changed) and the index holds the new text.
    const sidebar = await proc.conns.searchIndex.get(documentId(url('/sidebar.html')));
    expect(sidebar?.fetchedAt).not.toBe((await store.list(documentId(url('/sidebar.html'))))[0]!.fetchedAt);
    for (const path of ['/corrected.html', '/retitled.html', '/sidebar.html']) console.info(`$ ingest versions ${path}\n${await cli('versions', url(path))}`);
  });

  it('diffs the corrected paragraph word by word, and the new title, from the CLI (local) and the API', async () => {
    const corrected = documentId(url('/corrected.html'));
    const text = await cli('diff', corrected);
    console.info(`$ ingest diff ${corrected}\n${text}`);
    expect(text).toContain('v1 (');
    expect(text).toContain('[-nineteenth-] {+eighteenth+}');
    expect(text).toContain('+1 -1 words');
    const local = JSON.parse(await cli('diff', corrected, '1', '2', '--json')) as { title: unknown; summary: Record<string, unknown>; body: { op: string; text: string }[] };
    expect(local.title).toBeNull();
    expect(local.summary).toEqual({ titleChanged: false, wordsAdded: 1, wordsRemoved: 1, fieldsChanged: [] });
    expect(local.body.filter((o) => o.op !== 'equal')).toEqual([
      { op: 'delete', text: 'nineteenth' },
      { op: 'insert', text: 'eighteenth' },
    ]);

    const retitled = documentId(url('/retitled.html'));
    const remote = await cli('--api', proc.apiUrl!, '--key', config.apiKey!, 'diff', url('/retitled.html'), '--json');
    const diff = JSON.parse(remote) as { title: unknown; summary: Record<string, unknown>; from: { n: number }; to: { n: number } };
    expect(diff).toMatchObject({ from: { n: 1 }, to: { n: 2 }, title: { from: 'Harbour works start soon', to: 'Harbour works delayed until spring' } });
    expect(diff.summary).toMatchObject({ titleChanged: true });
    console.info(`$ ingest --api ... diff ${retitled}\n${await cli('--api', proc.apiUrl!, '--key', config.apiKey!, 'diff', retitled)}`);

    const res = await fetch(`${proc.apiUrl}/api/v1/documents/${retitled}/versions`, { headers: { authorization: `Bearer ${config.apiKey}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { versions: { n: number; title: string; archiveKey: string }[] };
    expect(body.versions.map((v) => [v.n, v.title])).toEqual([
      [1, 'Harbour works start soon'],
      [2, 'Harbour works delayed until spring'],
    ]);
    expect(body.versions[0]!.archiveKey).not.toBe(body.versions[1]!.archiveKey);
    // The indexed copy carries its history: the search UI shows "updated" and the versions.
    const indexed = await proc.conns.searchIndex.get(retitled);
    expect(indexed?.history.map((v) => [v.n, v.title])).toEqual([
      [1, 'Harbour works start soon'],
      [2, 'Harbour works delayed until spring'],
    ]);
    expect((await proc.conns.searchIndex.get(documentId(url('/sidebar.html'))))?.history).toHaveLength(1);
    const renderJs = new URL('../../packages/search-ui/public/render.js', import.meta.url).href;
    const { renderHit } = (await import(renderJs)) as { renderHit: (hit: unknown) => string };
    const card = renderHit({ ...indexed, _formatted: {} });
    expect(card).toContain('class="updated">updated <time');
    expect(card).toContain('History (2 versions)');
    expect(card).toContain('<li>v1 ');

    const missing = await fetch(`${proc.apiUrl}/api/v1/documents/${retitled}/diff?from=1&to=9`, { headers: { authorization: `Bearer ${config.apiKey}` } });
    expect(missing.status).toBe(404);
  });
});
