import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '@ingest/cli';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { readZip } from '@ingest/warc';
import { articlePage, cleanupTest, configToEnv, drained, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

const PARAS = [
  'The harbour authority approved the new breakwater after two winters of storm damage to the fishing fleet.',
  'Construction starts in spring and the work is expected to take eighteen months, the authority said on Tuesday.',
  'Fishing crews asked for a temporary mooring area so that the work does not close the inner basin in autumn.',
];

function withHead(title: string, head: string): string {
  return articlePage(
    title,
    PARAS.map((p) => `${title}. ${p}`),
  ).replace('</head>', `${head}</head>`);
}

describe('exports: TDMRep reservations recorded and honoured by --jsonl, the archive as a WACZ package', () => {
  const config = testConfig();
  let site: FixtureServer;
  let proc: PipelineProcess;
  const send = (r: import('node:http').ServerResponse, body: string, headers: Record<string, string> = {}) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);

  beforeAll(async () => {
    site = await startFixtureServer({
      '/header.html': (_q, r) => send(r, withHead('Header reserved story', ''), { 'tdm-reservation': '1', 'tdm-policy': 'https://rights.example/tdm.json' }),
      '/meta.html': (_q, r) => send(r, withHead('Meta reserved story', '<meta name="tdm-reservation" content="1"><meta name="tdm-policy" content="/policy.json">')),
      '/override.html': (_q, r) => send(r, withHead('Header lifts the meta story', '<meta name="tdm-reservation" content="1">'), { 'tdm-reservation': '0' }),
      '/free.html': (_q, r) => send(r, withHead('Unreserved story', '')),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'tdm' });
    const urls = ['/header.html', '/meta.html', '/override.html', '/free.html'].map((p) => `${site.baseUrl}${p}`);
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls });
    await drained(proc);
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
  });

  it('records the reservation, header before meta, with its policy', async () => {
    const tdm: Record<string, unknown> = {};
    for await (const d of proc.conns.searchIndex.allDocuments()) tdm[new URL(d.url).pathname] = d.tdm;
    expect(tdm).toEqual({
      '/header.html': { reserved: true, policy: 'https://rights.example/tdm.json', source: 'header' },
      '/meta.html': { reserved: true, policy: `${site.baseUrl}/policy.json`, source: 'meta' },
      '/override.html': { reserved: false, policy: null, source: 'header' },
      '/free.html': { reserved: false, policy: null, source: null },
    });
  });

  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: { write: (s: string | Uint8Array) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
      stderr: { write: (s: string) => (err += s) },
      env: configToEnv(config),
      cwd: mkdtempSync(join(tmpdir(), 'ingest-tdm-')),
    };
    const code = await main(argv, io);
    return {
      code,
      out,
      err,
      urls: out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => new URL((JSON.parse(l) as { url: string }).url).pathname)
        .sort(),
    };
  };

  it('ingest export --jsonl leaves reserved documents out unless asked, and says how many', async () => {
    const plain = await run('export', '--jsonl');
    expect(plain.code, plain.err).toBe(0);
    expect(plain.urls).toEqual(['/free.html', '/override.html']);
    expect(plain.err).toContain('2 documents left out');
    const all = await run('export', '--jsonl', '--include-tdm-reserved');
    expect(all.urls).toEqual(['/free.html', '/header.html', '/meta.html', '/override.html']);
  });

  it('ingest export --wacz --check writes a WACZ that passes the structural checks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ingest-wacz-')), 'all.wacz');
    const res = await run('export', '--wacz', file, '--check');
    expect(res.code, res.err + res.out).toBe(0);
    // The figures the closing note quotes.
    console.log(`$ ingest export --wacz ${file} --check\n${res.out}`);
    expect(res.out).toMatch(/wrote .*all\.wacz: 4 captures, 4 pages/);
    expect(res.out).toContain('check: 3 resources hashed, 4 CDXJ lines resolved, 4 pages: ok');
    expect(
      readZip(readFileSync(file))
        .map((e) => e.name)
        .sort(),
    ).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdxj', 'pages/pages.jsonl']);
  });
});
