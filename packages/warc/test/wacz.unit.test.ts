import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { checkWacz, indexWarc, readZip, surt, warcRecords, warcRevisitRecords, writeWacz, type WaczCapture } from '../src/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'wacz-unit-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function page(path: string, day: string, text: string): Buffer {
  return warcRecords({
    url: `https://example.org${path}`,
    date: `${day}T08:00:00.000Z`,
    request: { headers: { host: 'example.org' } },
    response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(`<html><title>${text}</title><p>${text}</p></html>`) },
  });
}

function captures(): WaczCapture[] {
  const a = page('/a.html', '2026-01-01', 'first story');
  const b = page('/b.html', '2026-01-01', 'second story');
  const revisit = warcRevisitRecords({
    url: 'https://example.org/a.html',
    date: '2026-01-02T08:00:00.000Z',
    request: { headers: { host: 'example.org' } },
    response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
    refersTo: { targetUri: 'https://example.org/a.html', date: '2026-01-01T08:00:00.000Z' },
    profile: 'identical-payload-digest',
  });
  return [a, b, revisit].map((bytes, i) => ({ bytes, entries: indexWarc(bytes, `object-${i}.warc.gz`) }));
}

async function* each<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

describe('WACZ packages', () => {
  it('pass the structural checks and their WARC reads back with warcio', async () => {
    const file = join(dir, 'ok.wacz');
    const summary = await writeWacz(file, each(captures()), { created: '2026-01-03T00:00:00.000Z' });
    expect(summary).toMatchObject({ captures: 3, pages: 2 });
    const zip = await readFile(file);
    const check = checkWacz(zip);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ resources: 3, captures: 3, pages: 2 });
    expect(check.files.sort()).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdxj', 'pages/pages.jsonl']);

    const entries = readZip(zip);
    const warc = entries.find((e) => e.name === 'archive/data.warc.gz')!;
    expect(warc.method).toBe(0);
    const types: string[] = [];
    for await (const r of new WARCParser([warc.data])) {
      await r.readFully(false);
      types.push(`${r.warcType} ${r.warcTargetURI}`);
    }
    expect(types).toEqual([
      'request https://example.org/a.html',
      'response https://example.org/a.html',
      'request https://example.org/b.html',
      'response https://example.org/b.html',
      'request https://example.org/a.html',
      'revisit https://example.org/a.html',
    ]);
    const index = entries.find((e) => e.name === 'indexes/index.cdxj')!.data.toString('utf8');
    expect(index.split('\n')[0]).toMatch(/^org,example\)\/a\.html 20260101080000 \{"url":"https:\/\/example\.org\/a\.html","mime":"text\/html","status":"200"/);
    expect(index).toContain('"mime":"warc/revisit"');
    // The same input gives the same package (fixed `created`).
    const again = join(dir, 'again.wacz');
    await writeWacz(again, each(captures()), { created: '2026-01-03T00:00:00.000Z' });
    expect(Buffer.compare(await readFile(again), zip)).toBe(0);
  });

  it('the check catches a CDXJ offset that points at the wrong record and a wrong hash', async () => {
    const bad = captures();
    bad[1]!.entries[0]!.offset = '0'; // b.html's line now points at a.html's request record
    const file = join(dir, 'bad.wacz');
    await writeWacz(file, each(bad));
    const problems = checkWacz(await readFile(file)).problems;
    expect(problems.some((p) => p.includes('CDXJ line for https://example.org/b.html'))).toBe(true);

    const zip = await readFile(join(dir, 'ok.wacz'));
    // The stored WARC is the only gzip stream in the zip (the other entries are raw deflate).
    const at = zip.indexOf(Buffer.from([0x1f, 0x8b, 0x08])) + 40;
    zip[at] = zip[at]! ^ 0xff;
    expect(checkWacz(zip).problems).toContain('archive/data.warc.gz: hash or size differs from datapackage.json');
  });

  it('SURT keys drop www and default ports, reverse hosts and sort query parameters', () => {
    expect(surt('https://www.Example.org/News/A.html?b=2&a=1')).toBe('org,example)/news/a.html?a=1&b=2');
    expect(surt('http://example.org:8080/')).toBe('org,example:8080)/');
  });
});
