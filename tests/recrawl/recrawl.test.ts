import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { UrlStateStore } from '@ingest/pipeline';
import { REVISITS_PREFIX } from '@ingest/archive';
import { checkWacz, readZip, writeWacz } from '@ingest/warc';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { SourceRegistry } from '@ingest/sources';
import { articlePage, cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { documentId } from '@ingest/urls';
import { drained, PARAGRAPHS } from '../sources/helpers.ts';

const page = (title: string, extra = '') => articlePage(title, [...PARAGRAPHS, `${title} ${extra}`.trim()]);

describe('recrawling a source: conditional requests, unchanged pages, gone pages, permanent redirects, WARC archive', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let registry: SourceRegistry;
  let round = 1;
  const sent = new Map<string, Buffer>();
  const conditionalHits: string[] = [];

  const send = (path: string, res: import('node:http').ServerResponse, body: string, headers: Record<string, string> = {}) => {
    const bytes = Buffer.from(body);
    sent.set(path, bytes);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(bytes);
  };

  beforeAll(async () => {
    site = await startFixtureServer({
      '/etag.html': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          conditionalHits.push('etag');
          return res.writeHead(304, { etag: '"v1"' }).end();
        }
        send('/etag.html', res, page('Etag story about the harbour'), { etag: '"v1"' });
      },
      '/lastmod.html': (req, res) => {
        const lm = 'Wed, 01 Jan 2025 00:00:00 GMT';
        if (req.headers['if-modified-since'] === lm) {
          conditionalHits.push('lastmod');
          return res.writeHead(304).end();
        }
        send('/lastmod.html', res, page('Last-Modified story about granite'), { 'last-modified': lm });
      },
      '/same.html': (_req, res) => send('/same.html', res, page('Same bytes story about moorings')),
      '/changes.html': (_req, res) => send('/changes.html', res, page('Changing story about waves', round === 1 ? 'first version' : 'second version with news')),
      '/gone.html': (_req, res) => (round === 1 ? send('/gone.html', res, page('Soon gone story about winters')) : res.writeHead(410).end('gone')),
      '/old.html': (_req, res) => (round === 1 ? send('/old.html', res, page('Moving story about the basin')) : res.writeHead(301, { location: '/new.html' }).end()),
      '/new.html': (_req, res) => send('/new.html', res, page('Moving story about the basin')),
    });
    config = testConfig();
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'recrawl' });
    registry = new SourceRegistry(proc.conns.redis, proc.conns.queues);
    const paths = ['/etag.html', '/lastmod.html', '/same.html', '/changes.html', '/gone.html', '/old.html'];
    await registry.add({ id: 'recrawl', kind: 'url', urls: paths.map((p) => `${site.baseUrl}${p}`) });
    await registry.runNow('recrawl');
    await drained(proc);
  });

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  it('first run: every page fetched and indexed', async () => {
    const state = await registry.state('recrawl');
    expect(state).toMatchObject({ found: 6, fetched: 6, unchanged: 0, failed: 0 });
    expect(await proc.conns.searchIndex.count()).toBe(6);
  });

  it('archives each fetch as WARC/1.1 that warcio reads back byte-identical', async () => {
    const url = `${site.baseUrl}/etag.html`;
    const state = await new UrlStateStore(proc.conns.redis, proc.conns.queues.prefix).get(url);
    expect(state.archiveKey).toMatch(/^warc\/127\.0\.0\.1_\d+\/\d{4}-\d{2}-\d{2}\/[0-9a-f]{16}-[0-9a-f]{64}\.warc\.gz$/);
    const object = await proc.conns.archive.getBytes(state.archiveKey!);
    const records: { type: string; warc: Record<string, string>; http: Record<string, string>; status: number | null; payload: Buffer }[] = [];
    for await (const record of new WARCParser([object])) {
      const warc: Record<string, string> = {};
      record.warcHeaders.headers.forEach((v: string, k: string) => (warc[k.toLowerCase()] = v));
      const http: Record<string, string> = {};
      record.httpHeaders?.headers.forEach((v: string, k: string) => (http[k.toLowerCase()] = v));
      records.push({ type: record.warcType ?? '', warc, http, status: record.httpHeaders ? Number(record.httpHeaders.statusCode) : null, payload: Buffer.from(await record.readFully(false)) });
    }
    expect(records.map((r) => r.type)).toEqual(['request', 'response', 'metadata']);
    const response = records[1]!;
    expect(response.warc['warc-target-uri']).toBe(url);
    expect(response.warc['warc-date']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(response.warc['warc-record-id']).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
    expect(response.warc['warc-payload-digest']).toMatch(/^sha256:[A-Z2-7]+=*$/);
    expect(response.status).toBe(200);
    expect(response.http.etag).toBe('"v1"');
    expect(response.http['content-type']).toBe('text/html; charset=utf-8');
    expect(Buffer.compare(response.payload, sent.get('/etag.html')!)).toBe(0);
    expect(records[0]!.warc['warc-concurrent-to']).toBe(response.warc['warc-record-id']);

    const back = await proc.conns.archive.getResponse(state.archiveKey!);
    expect(Buffer.compare(back.body, sent.get('/etag.html')!)).toBe(0);
    expect(back.meta).toMatchObject({ url, finalUrl: url, status: 200 });
  });

  it('writes the same key and object again for a retried fetch of the same response', async () => {
    const body = Buffer.from('<html><body>retried</body></html>');
    const input = { url: `${site.baseUrl}/x`, finalUrl: `${site.baseUrl}/x`, status: 200, headers: { 'content-type': 'text/html' }, redirects: [], body, day: '2026-01-02' };
    const first = await proc.conns.archive.putResponse({ ...input, fetchedAt: '2026-01-02T23:59:59.000Z' });
    const bytes = await proc.conns.archive.getBytes(first.archiveKey);
    const second = await proc.conns.archive.putResponse({ ...input, fetchedAt: '2026-01-03T00:00:05.000Z' });
    expect(second.archiveKey).toBe(first.archiveKey);
    expect(first.archiveKey.startsWith(`warc/127.0.0.1_${site.port}/2026-01-02/`)).toBe(true);
    expect(Buffer.compare(await proc.conns.archive.getBytes(second.archiveKey), bytes)).toBe(0);
    const listed: string[] = [];
    for await (const key of proc.conns.archive.listResponseKeys()) listed.push(key);
    expect(listed).toContain(first.archiveKey);
    expect(listed.length).toBeGreaterThanOrEqual(7);
  });

  it('second run: unchanged pages are skipped, a gone page and a moved page leave the index', async () => {
    round = 2;
    const before = await proc.conns.stats.counts();
    await registry.runNow('recrawl');
    await drained(proc);
    const state = await registry.state('recrawl');
    // etag (304), lastmod (304) and same (same digest) are unchanged; changes and old→new are fetched; gone is removed.
    expect(state).toMatchObject({ runs: 2, found: 6, unchanged: 3, fetched: 2, removed: 1, failed: 0 });
    expect(conditionalHits.sort()).toEqual(['etag', 'lastmod']);
    const after = await proc.conns.stats.counts();
    // Only the changed page and the moved page were extracted again.
    expect((after['extract.done'] ?? 0) - (before['extract.done'] ?? 0)).toBe(2);
    expect((after['fetch.unchanged'] ?? 0) - (before['fetch.unchanged'] ?? 0)).toBe(3);

    const ids = new Set<string>();
    for await (const d of proc.conns.searchIndex.allDocuments()) ids.add(d.id);
    expect(ids.has(documentId(`${site.baseUrl}/gone.html`))).toBe(false);
    expect(ids.has(documentId(`${site.baseUrl}/old.html`))).toBe(false);
    expect(ids.has(documentId(`${site.baseUrl}/new.html`))).toBe(true);
    expect(ids.size).toBe(5);
    // Each 304 is archived too, as a WARC revisit record (server-not-modified) that warcio reads, and
    // the page that came back with the same bytes as a revisit (identical-payload-digest) instead of a copy.
    const revisits: string[] = [];
    for await (const key of proc.conns.archive.listKeys(REVISITS_PREFIX)) revisits.push(key);
    expect(revisits).toHaveLength(3);
    const seen: string[] = [];
    for (const key of revisits) {
      const types: string[] = [];
      let profile: string | null | undefined;
      let status: number | undefined;
      for await (const r of new WARCParser([await proc.conns.archive.getBytes(key)])) {
        await r.readFully();
        types.push(r.warcType ?? '');
        if (r.warcType === 'revisit') {
          profile = r.warcHeaders.headers.get('WARC-Profile');
          status = r.httpHeaders?.statusCode as number | undefined;
        }
      }
      seen.push(`${types.join('+')} ${status} ${profile?.replace(/.*\//, '')}`);
    }
    expect(seen.sort()).toEqual(['request+revisit 304 server-not-modified', 'request+revisit 304 server-not-modified', 'request+revisit+metadata 200 identical-payload-digest']);
    // The unchanged page's latest capture is that revisit, and it reads back as the page (ingest raw, /archive/{id}).
    const same = await new UrlStateStore(proc.conns.redis, proc.conns.queues.prefix).get(`${site.baseUrl}/same.html`);
    expect(same.archiveKey?.startsWith(REVISITS_PREFIX)).toBe(true);
    expect(Buffer.compare((await proc.conns.archive.getResponse(same.archiveKey!)).body, sent.get('/same.html')!)).toBe(0);
    // Replaying the archive (reindex) still lists only full captures.
    for await (const key of proc.conns.archive.listResponseKeys()) expect(key.startsWith(REVISITS_PREFIX)).toBe(false);

    const changed = await proc.conns.searchIndex.search({ text: 'second version with news' });
    expect(changed.hits.map((h) => h.canonicalUrl)).toContain(`${site.baseUrl}/changes.html`);
    console.info(`recrawl: ${state.unchanged} of ${state.found} pages skipped as unchanged (${conditionalHits.length} by 304, ${state.unchanged - conditionalHits.length} by digest)`);
  });

  it('exports the crawl as a WACZ package that passes the structural checks and reads back with warcio', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recrawl-wacz-'));
    try {
      const file = join(dir, 'recrawl.wacz');
      const summary = await writeWacz(file, proc.conns.archive.captures({ sourceId: 'recrawl' }), { title: 'recrawl' });
      const zip = await readFile(file);
      const check = checkWacz(zip);
      console.info(
        `WACZ check: ${summary.captures} captures, ${summary.pages} pages, ${check.resources} resources hashed, ${check.captures} CDXJ lines resolved: ${check.problems.length === 0 ? 'ok' : check.problems.join('; ')}`,
      );
      expect(check.problems).toEqual([]);
      // Round 1: 6 full captures; round 2: changes.html and new.html in full, 2 revisits for the 304s
      // and 1 for same.html (gone.html's 410 is not archived); /x was archived outside the source.
      expect(check.captures).toBe(11);
      const warc = readZip(zip).find((e) => e.name === 'archive/data.warc.gz')!;
      const types = new Map<string, number>();
      for await (const r of new WARCParser([warc.data])) {
        await r.readFully(false);
        types.set(r.warcType ?? '', (types.get(r.warcType ?? '') ?? 0) + 1);
      }
      expect(types.get('revisit')).toBe(3);
      expect(types.get('response')).toBe(check.captures - 3);
      const pages = readZip(zip)
        .find((e) => e.name === 'pages/pages.jsonl')!
        .data.toString('utf8');
      expect(pages).toContain(`"url":"${site.baseUrl}/same.html"`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
