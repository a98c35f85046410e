import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@ingest/config';
import { STAGES } from '@ingest/contracts';
import { createLogger } from '@ingest/logger';
import { CrawlFrontier, enqueueUrls } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';
import { drained, PARAGRAPHS } from './helpers.ts';

const RU = [
  'Городской совет утвердил план реконструкции северного волнореза, который пострадал от зимних штормов прошлого года.',
  'Инженеры намерены использовать большую часть старых гранитных блоков и добавить бетонное ядро, способное выдержать более высокие волны.',
  'Рыбаки поддержали план, но попросили выделить временную стоянку, чтобы работы не закрывали внутреннюю гавань осенью.',
];
const JA = [
  '市議会は昨年の冬の嵐で被害を受けた北側の防波堤を二年かけて再建する計画を承認した。工事は来年の春に始まる予定である。',
  '技術者たちは元の花崗岩のブロックの大部分を再利用し、より高い波に耐えられるコンクリートの芯を加える方針だと説明した。',
  '漁業者は計画を歓迎したが、秋の漁期に内港が閉鎖されないよう仮の係留場所を設けるよう求めた。関係者の協議は続いている。',
];

const page = (title: string, paragraphs: string[], meta = '') => articlePage(title, paragraphs).replace('<meta charset="utf-8">', meta);
const send = (res: ServerResponse, body: Buffer, type: string, extra: Record<string, string> = {}) => res.writeHead(200, { 'content-type': type, ...extra }).end(body);

describe('hostile input through the whole pipeline', () => {
  let config: Config;
  let proc: PipelineProcess;
  let site: FixtureServer;
  let rateLimited = 0;
  let serverErrors = 0;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/robots.txt': (_q, r) => r.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n'),
      '/private/secret.html': (_q, r) => send(r, Buffer.from(articlePage('Secret', PARAGRAPHS)), 'text/html'),
      '/cp1251-header.html': (_q, r) => send(r, iconv.encode(page('Волнорез отстроят заново', RU), 'windows-1251'), 'text/html; charset=windows-1251'),
      '/sjis-meta.html': (_q, r) => send(r, iconv.encode(page('防波堤を再建へ', JA, '<meta charset="Shift_JIS">'), 'Shift_JIS'), 'text/html'),
      '/wrong-meta.html': (_q, r) => send(r, iconv.encode(page('Ремонт волнореза одобрен', RU, '<meta charset="utf-8">'), 'windows-1251'), 'text/html'),
      '/no-charset.html': (_q, r) => send(r, iconv.encode(page('Гавань закроют осенью', RU, ''), 'windows-1251'), 'text/html'),
      '/r1': (_q, r) => r.writeHead(302, { location: '/r2' }).end(),
      '/r2': (_q, r) => r.writeHead(307, { location: '/r3' }).end(),
      '/r3': (_q, r) => r.writeHead(301, { location: '/chain-end.html' }).end(),
      '/chain-end.html': (_q, r) => send(r, Buffer.from(articlePage('Redirect chain end story', PARAGRAPHS)), 'text/html; charset=utf-8'),
      '/loop-1': (_q, r) => r.writeHead(302, { location: '/loop-2' }).end(),
      '/loop-2': (_q, r) => r.writeHead(302, { location: '/loop-1' }).end(),
      '/slow.html': () => undefined,
      '/bomb.html': (_q, r) => send(r, gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x41)), 'text/html', { 'content-encoding': 'gzip' }),
      '/huge.html': (_q, r) => send(r, Buffer.alloc(3 * 1024 * 1024, 0x41), 'text/html'),
      '/rate-limited.html': (_q, r) =>
        rateLimited++ === 0 ? r.writeHead(429, { 'retry-after': '1' }).end() : send(r, Buffer.from(articlePage('Rate limited story finally served', PARAGRAPHS)), 'text/html'),
      '/flaky-5xx.html': (_q, r) => (serverErrors++ === 0 ? r.writeHead(502).end('bad gateway') : send(r, Buffer.from(articlePage('Bad gateway story finally served', PARAGRAPHS)), 'text/html')),
    });
    config = testConfig({ jobAttempts: 2, fetchTimeoutMs: 1_500, fetchMaxBytes: 2 * 1024 * 1024 });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: STAGES, api: false, service: 'hostile' });
    const paths = [
      '/private/secret.html',
      '/cp1251-header.html',
      '/sjis-meta.html',
      '/wrong-meta.html',
      '/no-charset.html',
      '/r1',
      '/loop-1',
      '/slow.html',
      '/bomb.html',
      '/huge.html',
      '/rate-limited.html',
      '/flaky-5xx.html',
    ];
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: paths.map((p) => `${site.baseUrl}${p}`) });
    await drained(proc, 90_000);
  }, 120_000);

  afterAll(async () => {
    await proc?.close();
    await site?.close();
    if (config) await cleanupTest(config);
  });

  const body = async (path: string) => {
    const res = await proc.conns.searchIndex.search({ filters: [{ field: 'canonicalUrl', op: 'eq', value: `${site.baseUrl}${path}` }], limit: 1 });
    return res.hits[0]?.body ?? null;
  };

  it('decodes windows-1251 (header), Shift_JIS (meta), a wrong meta and a missing charset', async () => {
    expect(await body('/cp1251-header.html')).toContain('северного волнореза');
    expect(await body('/sjis-meta.html')).toContain('花崗岩のブロック');
    expect(await body('/wrong-meta.html')).toContain('гранитных блоков');
    expect(await body('/no-charset.html')).toContain('внутреннюю гавань');
  });

  it('follows a redirect chain to the final URL, and recovers from 429 (Retry-After) and a 502', async () => {
    expect(await body('/chain-end.html')).toContain('northern breakwater');
    expect(await body('/rate-limited.html')).toContain('granite blocks');
    expect(rateLimited).toBe(2);
    expect(await body('/flaky-5xx.html')).toContain('granite blocks');
    expect(serverErrors).toBe(2);
  });

  it('records one clear final reason per hostile URL', async () => {
    const failures = await proc.conns.stats.recentFailures(100);
    const final = new Map(failures.filter((f) => f.final && f.queue === 'fetch').map((f) => [new URL(f.url!).pathname, f.code]));
    expect(Object.fromEntries(final)).toEqual({
      '/private/secret.html': 'ROBOTS_DISALLOWED',
      '/loop-1': 'REDIRECT_LOOP',
      '/slow.html': 'TIMEOUT',
      '/bomb.html': 'DECOMPRESSION_BOMB',
      '/huge.html': 'BODY_TOO_LARGE',
    });
    // Rate limiting delays the job; it is never a failure.
    expect(failures.filter((f) => f.url?.endsWith('/rate-limited.html'))).toHaveLength(0);
    expect(site.hits.filter((h) => h === '/private/secret.html')).toHaveLength(0);
  });
});
