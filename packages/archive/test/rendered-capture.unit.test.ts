import { describe, expect, it } from 'vitest';
import { readWarcRecords } from '@ingest/warc';
import { sha256Hex } from '@ingest/ids';
import { decodeCapture, encodeCapture, encodeRendered } from '../src/index.ts';

const raw = Buffer.from('<html><body><div id="app"></div><script src="/app.js"></script></body></html>');
const input = {
  url: 'http://example.org/a',
  finalUrl: 'http://example.org/a.html',
  status: 200,
  headers: { 'content-type': 'text/html; charset=iso-8859-1', 'x-robots-tag': 'noarchive' },
  fetchedAt: '2026-01-02T03:04:05.000Z',
  redirects: [{ url: 'http://example.org/a', status: 301 }],
  body: raw,
};

const rawObject = await encodeCapture(input, sha256Hex(raw));

describe('rendered captures', () => {
  const html = '<html><body><article><p>Rendered text, with ünïcode.</p></article></body></html>';
  const { data, contentDigest } = encodeRendered(rawObject, { finalUrl: input.finalUrl, html, renderedAt: '2026-01-02T03:04:09.000Z' });

  it('keep the raw exchange and add a conversion record referring to its response', () => {
    const records = readWarcRecords(data);
    expect(records.map((r) => r.type)).toEqual(['request', 'response', 'metadata', 'conversion', 'metadata']);
    const response = records.find((r) => r.type === 'response')!;
    expect(records.find((r) => r.type === 'conversion')!.get('WARC-Refers-To')).toBe(response.get('WARC-Record-ID'));
    expect(data.subarray(0, rawObject.length).equals(rawObject)).toBe(true);
  });

  it('read back as the rendered DOM (UTF-8), with the raw status, headers, redirects and the snapshot time', () => {
    const { meta, body } = decodeCapture('k', data);
    expect(body.toString('utf8')).toBe(html);
    expect(meta.contentDigest).toBe(contentDigest);
    expect(meta.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(meta.headers['x-robots-tag']).toBe('noarchive');
    expect(meta.url).toBe('http://example.org/a');
    expect(meta.redirects).toEqual(input.redirects);
    expect(meta.fetchedAt).toBe('2026-01-02T03:04:09.000Z');
  });

  it('are deterministic: the same snapshot gives the same bytes', () => {
    expect(encodeRendered(rawObject, { finalUrl: input.finalUrl, html, renderedAt: '2026-01-02T03:04:09.000Z' }).data.equals(data)).toBe(true);
  });

  it('name the screenshot taken with the snapshot, so a replay links it again; without one, none', () => {
    const key = 'screenshots/example.org/2026-01-02/abc.png';
    const shot = encodeRendered(rawObject, { finalUrl: input.finalUrl, html, renderedAt: '2026-01-02T03:04:09.000Z', screenshotKey: key });
    expect(decodeCapture('k', shot.data).meta.screenshotKey).toBe(key);
    expect(decodeCapture('k', data).meta).not.toHaveProperty('screenshotKey');
    expect(decodeCapture('k', rawObject).meta).not.toHaveProperty('screenshotKey');
  });

  it('leave the raw capture readable as before', () => {
    expect(decodeCapture('k', rawObject).body.equals(raw)).toBe(true);
  });
});
