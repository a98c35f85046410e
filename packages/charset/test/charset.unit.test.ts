import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from '@ingest/fetch';
import { decodeHtml, isHtmlContentType } from '../src/index.ts';
import { prescanEncoding } from '../src/prescan.ts';
import { parserMetaEncoding } from '../src/parser-meta.ts';
import { startServer, type TestServer } from '@ingest/testing/http-server';

const RU = 'Новости дня: правительство объявило о новых мерах поддержки экономики. Подробности в нашем материале.';
const JA = '東京の天気は晴れです。今日のニュースをお伝えします。経済、政治、スポーツの最新情報。';

const page = (head: string, text: string) => `<!DOCTYPE html><html><head>${head}<title>t</title></head><body><p>${text}</p></body></html>`;

describe('prescanEncoding (HTML standard prescan)', () => {
  it.each([
    ['<meta charset="windows-1251">', 'windows-1251'],
    ["<meta charset='shift_jis'>", 'shift_jis'],
    ['<meta charset=koi8-r>', 'koi8-r'],
    ['<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=euc-jp">', 'euc-jp'],
    ['<meta content="text/html; charset=gb2312" http-equiv="content-type">', 'gbk'],
    ['<meta name="x" content="charset=big5">', null],
    ['<!-- <meta charset="koi8-r"> --><meta charset="utf-8">', 'utf-8'],
    ['<div title="<meta charset=koi8-r>"></div><meta charset="iso-8859-2">', 'iso-8859-2'],
    ['<html>', null],
    // a label that is no encoding makes the prescan skip that meta, not stop
    ['<meta charset="no-such-thing"><meta charset="koi8-r">', 'koi8-r'],
    ['<meta charset=""><meta charset="koi8-r">', 'koi8-r'],
    // "charset" set to failure blocks a later content attribute of the same meta
    ['<meta charset="bogus" http-equiv="content-type" content="text/html; charset=koi8-r">', null],
    // content before charset: content's encoding wins, but needs the pragma
    ['<meta http-equiv="content-type" content="text/html; charset=koi8-r" charset="utf-8">', 'koi8-r'],
    ['<meta content="text/html; charset=koi8-r" charset="utf-8">', null],
    ['<meta http-equiv="refresh" content="0; charset=koi8-r">', null],
    // attribute syntax
    ['<meta name=x charset = koi8-r >', 'koi8-r'],
    ['<meta/charset=koi8-r>', 'koi8-r'],
    ['<metacharset=koi8-r>', null],
    ['<meta charset="koi8-r" charset="utf-8">', 'koi8-r'],
    ['<meta charset="koi8-r>', null],
    ['<meta x="a>b" charset="koi8-r">', 'koi8-r'],
    ['<meta charset=" KOI8-R ">', 'koi8-r'],
    // content attribute: the standard's charset extraction
    ['<meta http-equiv=content-type content="text/html;charset =  koi8-r ;x">', 'koi8-r'],
    ['<meta http-equiv=content-type content="charsetcharset=koi8-r">', 'koi8-r'],
    ['<meta http-equiv=content-type content="charset=\'koi8-r">', null],
    ['<meta http-equiv=content-type content="text/html; charset">', null],
    // comments: "<!-->" closes itself; "<!" and "<?" run to the next ">"
    ['<!--><meta charset="koi8-r">', 'koi8-r'],
    ['<!DOCTYPE html><?xml version="1.0"?><meta charset="koi8-r">', 'koi8-r'],
    // WHATWG mappings
    ['<meta charset="utf-16">', 'utf-8'],
    ['<meta charset="x-user-defined">', 'windows-1252'],
    ['<meta charset="latin1">', 'windows-1252'],
  ])('%s → %s', (markup, expected) => {
    expect(prescanEncoding(Buffer.from(markup, 'latin1'))).toBe(expected);
  });

  it('UTF-16 XML declarations', () => {
    expect(prescanEncoding(Buffer.from('<?xml version="1.0"?>', 'utf16le'))).toBe('utf-16le');
    expect(prescanEncoding(Buffer.from('<?xml version="1.0"?>', 'utf16le').swap16())).toBe('utf-16be');
  });

  it('only looks at the first 1024 bytes', () => {
    const late = Buffer.from(' '.repeat(1100) + '<meta charset="koi8-r">');
    expect(prescanEncoding(late)).toBeNull();
  });
});

describe('parserMetaEncoding (tree builder "change the encoding")', () => {
  it.each([
    ['<meta charset="koi8-r">', 'koi8-r'],
    ['<script>var s = "<meta charset=koi8-r>";</script><meta charset="windows-1251">', 'windows-1251'],
    ['<title><meta charset=koi8-r></title><meta charset="windows-1251">', 'windows-1251'],
    ['<style>/* <meta charset=koi8-r> */</style>', null],
    ['<!-- <meta charset=koi8-r> --!><meta charset="windows-1251">', 'windows-1251'],
    ['<meta charset="bogus"><meta charset="koi8-r">', 'koi8-r'],
    // the tree builder reads charset first whatever the attribute order, and falls back to content
    ['<meta http-equiv="content-type" content="text/html; charset=koi8-r" charset="windows-1251">', 'windows-1251'],
    ['<meta charset="bogus" http-equiv="content-type" content="text/html; charset=koi8-r">', 'koi8-r'],
    ['<plaintext><meta charset="koi8-r">', null],
  ])('%s → %s', (markup, expected) => {
    expect(parserMetaEncoding(Buffer.from(markup, 'latin1'))).toBe(expected);
  });
});

describe('decodeHtml', () => {
  it('BOM beats everything', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('<meta charset="windows-1251">', RU))]);
    expect(decodeHtml(body, 'text/html; charset=shift_jis')).toMatchObject({ charset: 'utf-8', source: 'bom' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page('', RU), 'utf16le')]);
    const r = decodeHtml(le, null);
    expect(r).toMatchObject({ charset: 'utf-16le', source: 'bom' });
    expect(r.html).toContain(RU);
  });

  it('header charset: windows-1251', () => {
    const body = iconv.encode(page('', RU), 'windows-1251');
    const r = decodeHtml(body, 'text/html; charset=windows-1251');
    expect(r).toMatchObject({ charset: 'windows-1251', source: 'header' });
    expect(r.html).toContain(RU);
  });

  it('header charset with quotes and unusual label (cp1251)', () => {
    const body = iconv.encode(page('', RU), 'windows-1251');
    expect(decodeHtml(body, 'text/html; charset="cp1251"')).toMatchObject({ charset: 'windows-1251', source: 'header' });
  });

  it('meta charset: Shift_JIS', () => {
    const body = iconv.encode(page('<meta charset="Shift_JIS">', JA), 'shift_jis');
    const r = decodeHtml(body, 'text/html');
    expect(r).toMatchObject({ charset: 'shift_jis', source: 'meta' });
    expect(r.html).toContain(JA);
  });

  it('meta http-equiv: windows-1251', () => {
    const body = iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', RU), 'windows-1251');
    const r = decodeHtml(body, null);
    expect(r).toMatchObject({ charset: 'windows-1251', source: 'meta' });
    expect(r.html).toContain(RU);
  });

  it('wrong meta: says utf-8 but bytes are windows-1251 → detection', () => {
    const body = iconv.encode(page('<meta charset="utf-8">', RU.repeat(3)), 'windows-1251');
    const r = decodeHtml(body, 'text/html');
    expect(r).toMatchObject({ charset: 'windows-1251', source: 'detected' });
    expect(r.html).toContain(RU);
  });

  it('wrong header: says utf-8 but bytes are Shift_JIS → detection', () => {
    const body = iconv.encode(page('', JA.repeat(3)), 'shift_jis');
    const r = decodeHtml(body, 'text/html; charset=utf-8');
    expect(r).toMatchObject({ charset: 'shift_jis', source: 'detected' });
    expect(r.html).toContain(JA);
  });

  it('wrong meta: says windows-1251 but bytes are valid UTF-8 → utf-8', () => {
    const body = Buffer.from(page('<meta charset="windows-1251">', RU));
    expect(decodeHtml(body, null)).toMatchObject({ charset: 'utf-8', source: 'detected' });
  });

  it('a few stray bad bytes in real UTF-8 keep the declared charset', () => {
    const body = Buffer.concat([Buffer.from(page('<meta charset="utf-8">', RU.repeat(5))), Buffer.from([0xff])]);
    expect(decodeHtml(body, null)).toMatchObject({ charset: 'utf-8', source: 'meta' });
  });

  it('missing charset: detects windows-1251, Shift_JIS and UTF-8', () => {
    const ru = decodeHtml(iconv.encode(page('', RU.repeat(3)), 'windows-1251'), 'text/html');
    expect(ru).toMatchObject({ charset: 'windows-1251', source: 'detected' });
    expect(ru.html).toContain(RU);
    const ja = decodeHtml(iconv.encode(page('', JA.repeat(3)), 'shift_jis'), null);
    expect(ja).toMatchObject({ charset: 'shift_jis', source: 'detected' });
    expect(ja.html).toContain(JA);
    expect(decodeHtml(Buffer.from(page('', RU)), null)).toMatchObject({ charset: 'utf-8', source: 'detected' });
  });

  it('pure ASCII defaults to utf-8', () => {
    expect(decodeHtml(Buffer.from(page('', 'hello')), null)).toMatchObject({ charset: 'utf-8', source: 'default' });
  });

  it('unknown labels fall through to the next step', () => {
    const body = iconv.encode(page('<meta charset="windows-1251">', RU), 'windows-1251');
    expect(decodeHtml(body, 'text/html; charset=no-such-charset')).toMatchObject({ charset: 'windows-1251', source: 'meta' });
  });

  it('meta utf-16 means utf-8 (WHATWG)', () => {
    const body = Buffer.from(page('<meta charset="utf-16">', 'plain'));
    expect(decodeHtml(body, null)).toMatchObject({ charset: 'utf-8', source: 'meta' });
  });

  it('a meta after the first 1024 bytes (behind a long comment) is honoured', () => {
    const head = `<!-- ${'x'.repeat(1500)} --><meta charset="koi8-r">`;
    const body = iconv.encode(page(head, RU), 'koi8-r');
    const r = decodeHtml(body, 'text/html');
    expect(r).toMatchObject({ charset: 'koi8-r', source: 'meta' });
    expect(r.html).toContain(RU);
  });

  it('a meta after a long inline script is honoured; one inside the script is not', () => {
    const head = `<script>var tpl = "<meta charset=iso-8859-5>"; ${'var a = 1;'.repeat(200)}</script><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`;
    const body = iconv.encode(page(head, RU), 'koi8-r');
    const r = decodeHtml(body, null);
    expect(r).toMatchObject({ charset: 'koi8-r', source: 'meta' });
    expect(r.html).toContain(RU);
  });

  it('the tree builder changes a tentative prescan answer taken from inside <title>', () => {
    const head = '<title>how to write <meta charset=koi8-r></title><meta charset="windows-1251">';
    const body = iconv.encode(page(head, RU), 'windows-1251');
    expect(decodeHtml(body, null)).toMatchObject({ charset: 'windows-1251', source: 'meta' });
  });

  it('a bogus meta label is skipped in favour of a later valid meta', () => {
    const body = iconv.encode(page('<meta charset="utf-9"><meta charset="koi8-r">', RU), 'koi8-r');
    const r = decodeHtml(body, null);
    expect(r).toMatchObject({ charset: 'koi8-r', source: 'meta' });
    expect(r.html).toContain(RU);
  });

  it('the Content-Type header beats a meta; a BOM beats the header', () => {
    const body = iconv.encode(page('<meta charset="koi8-r">', RU), 'windows-1251');
    expect(decodeHtml(body, 'text/html; charset=windows-1251')).toMatchObject({ charset: 'windows-1251', source: 'header' });
    const bom = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(page('', RU), 'utf16le').swap16()]);
    const r = decodeHtml(bom, 'text/html; charset=windows-1251');
    expect(r).toMatchObject({ charset: 'utf-16be', source: 'bom' });
    expect(r.html).toContain(RU);
  });

  it('labels only iconv-lite knows', () => {
    const body = iconv.encode(page('', RU), 'maccyrillic');
    const r = decodeHtml(body, 'text/html; charset=maccyrillic');
    expect(r).toMatchObject({ charset: 'maccyrillic', source: 'header' });
    expect(r.html).toContain(RU);
  });
});

describe('isHtmlContentType', () => {
  it.each([
    ['text/html', true],
    ['TEXT/HTML; charset=UTF-8', true],
    ['application/xhtml+xml', true],
    ['application/pdf', false],
    ['image/png', false],
    ['application/json', false],
    ['text/plain; charset=utf-8', false],
  ])('%s → %s', (ct, expected) => {
    expect(isHtmlContentType(ct)).toBe(expected);
  });

  it('sniffs when the type is missing or generic', () => {
    expect(isHtmlContentType(null, Buffer.from('\n  <!doctype HTML><html>'))).toBe(true);
    expect(isHtmlContentType('application/octet-stream', Buffer.from('<html lang="en">'))).toBe(true);
    expect(isHtmlContentType(null, Buffer.from('<b>bold</b>'))).toBe(true);
    expect(isHtmlContentType(null, Buffer.from('%PDF-1.7'))).toBe(false);
    expect(isHtmlContentType(null, Buffer.from('<bogus>'))).toBe(false);
    expect(isHtmlContentType(null)).toBe(false);
  });
});

describe('charset end to end', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      '/cp1251': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' }).end(iconv.encode(page('', RU), 'windows-1251')),
      '/sjis-meta': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode(page('<meta charset="shift_jis">', JA), 'shift_jis')),
    });
  });
  afterAll(() => server.close());

  it('fetches and decodes legacy encodings', async () => {
    const opts = { userAgent: 'IngestBot/1.0', allowNetworks: ['127.0.0.0/8'] };
    const a = await fetchPage(`${server.url}/cp1251`, opts);
    expect(decodeHtml(a.body, a.contentType).html).toContain(RU);
    const b = await fetchPage(`${server.url}/sjis-meta`, opts);
    expect(decodeHtml(b.body, b.contentType)).toMatchObject({ charset: 'shift_jis', source: 'meta' });
  });
});
