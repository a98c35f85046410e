import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { IDENTICAL_PAYLOAD_DIGEST_PROFILE, readWarcRecords, warcDigest } from '@ingest/warc';
import { sha256Hex } from '@ingest/ids';
import { MemoryArchiveStore, REVISITS_PREFIX, WARC_PREFIX, type PutResponseInput } from '../src/index.ts';

const url = 'http://example.org/story.html';
const body = Buffer.from('<html><body><p>The same story, byte for byte.</p></body></html>');

function capture(day: string, over: Partial<PutResponseInput> = {}): PutResponseInput {
  return {
    url,
    finalUrl: url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', date: `${day}T10:00:00Z` },
    fetchedAt: `${day}T10:00:00.000Z`,
    redirects: [],
    body,
    day,
    ...over,
  };
}

async function records(bytes: Buffer) {
  const out: { type: string; headers: { get(name: string): string | null | undefined }; status: number | null }[] = [];
  for await (const r of new WARCParser([bytes])) {
    await r.readFully(false);
    out.push({ type: r.warcType ?? '', headers: r.warcHeaders.headers, status: r.httpHeaders ? Number(r.httpHeaders.statusCode) : null });
  }
  return out;
}

describe('ArchiveStore (in-memory fake, same logic as S3)', () => {
  it('stores a recrawl with the same payload as an identical-payload-digest revisit that reads back as the page', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01'));
    expect(first).toMatchObject({ revisit: false, payloadKey: first.archiveKey, contentDigest: sha256Hex(body) });
    expect(first.archiveKey.startsWith(WARC_PREFIX)).toBe(true);

    const second = await archive.putResponse(capture('2026-03-02', { previous: { archiveKey: first.archiveKey, contentDigest: first.contentDigest } }));
    expect(second.revisit).toBe(true);
    expect(second.archiveKey.startsWith(REVISITS_PREFIX)).toBe(true);
    expect(second.payloadKey).toBe(first.archiveKey);

    const firstRecords = await records(await archive.getBytes(first.archiveKey));
    const responseId = firstRecords.find((r) => r.type === 'response')!.headers.get('WARC-Record-ID');
    const revisitRecords = await records(await archive.getBytes(second.archiveKey));
    expect(revisitRecords.map((r) => r.type)).toEqual(['request', 'revisit', 'metadata']);
    const revisit = revisitRecords[1]!;
    expect(revisit.headers.get('WARC-Profile')).toBe(IDENTICAL_PAYLOAD_DIGEST_PROFILE);
    expect(revisit.headers.get('WARC-Refers-To')).toBe(responseId);
    expect(revisit.headers.get('WARC-Refers-To-Target-URI')).toBe(url);
    expect(revisit.headers.get('WARC-Refers-To-Date')).toBe('2026-03-01T10:00:00.000Z');
    expect(revisit.headers.get('WARC-Payload-Digest')).toBe(warcDigest(body));
    expect(revisit.status).toBe(200);
    // No second copy of the payload: the revisit object is smaller than the body it stands for would need.
    expect(readWarcRecords(await archive.getBytes(second.archiveKey)).every((r) => !r.block.includes(body))).toBe(true);

    const back = await archive.getResponse(second.archiveKey);
    expect(Buffer.compare(back.body, body)).toBe(0);
    expect(back.meta).toMatchObject({ fetchedAt: '2026-03-02T10:00:00.000Z', status: 200, contentDigest: sha256Hex(body), size: body.length });
    expect(back.meta.headers.date).toBe('2026-03-02T10:00:00Z');
  });

  it('never chains revisits, copies a changed payload in full, and retries write nothing new', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01'));
    const second = await archive.putResponse(capture('2026-03-02', { previous: { archiveKey: first.archiveKey, contentDigest: first.contentDigest } }));
    const third = await archive.putResponse(capture('2026-03-03', { previous: { archiveKey: second.archiveKey, contentDigest: second.contentDigest } }));
    expect(third).toMatchObject({ revisit: true, payloadKey: first.archiveKey });

    const puts = archive.store.calls.put;
    const retry = await archive.putResponse(capture('2026-03-03', { fetchedAt: '2026-03-03T11:00:00.000Z', previous: { archiveKey: second.archiveKey, contentDigest: second.contentDigest } }));
    expect(retry.archiveKey).toBe(third.archiveKey);
    expect(archive.store.calls.put).toBe(puts);

    const changedBody = Buffer.from('<html><body><p>A corrected story.</p></body></html>');
    const changed = await archive.putResponse(capture('2026-03-04', { body: changedBody, previous: { archiveKey: third.archiveKey, contentDigest: third.contentDigest } }));
    expect(changed.revisit).toBe(false);
    expect(Buffer.compare((await archive.getResponse(changed.archiveKey)).body, changedBody)).toBe(0);
  });

  it('writes a full copy when the earlier capture is gone, and the same day never revisits itself', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01'));
    const sameDay = await archive.putResponse(capture('2026-03-01', { fetchedAt: '2026-03-01T12:00:00.000Z', previous: { archiveKey: first.archiveKey, contentDigest: first.contentDigest } }));
    expect(sameDay).toMatchObject({ archiveKey: first.archiveKey, revisit: false });
    archive.store.objects.delete(first.archiveKey);
    const next = await archive.putResponse(capture('2026-03-02', { previous: { archiveKey: first.archiveKey, contentDigest: first.contentDigest } }));
    expect(next.revisit).toBe(false);
    expect(Buffer.compare((await archive.getResponse(next.archiveKey)).body, body)).toBe(0);
  });

  it('tells a same-day recrawl (a revisit) from a retry of the job that made the capture (nothing new)', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01', { captureId: 'job-1' }));
    const prev = { archiveKey: first.archiveKey, contentDigest: first.contentDigest };
    const puts = archive.store.calls.put;
    const retry = await archive.putResponse(capture('2026-03-01', { captureId: 'job-1', fetchedAt: '2026-03-01T10:05:00.000Z', previous: prev }));
    expect(retry).toMatchObject({ archiveKey: first.archiveKey, revisit: false });
    expect(archive.store.calls.put).toBe(puts);
    const recrawl = await archive.putResponse(capture('2026-03-01', { captureId: 'job-2', fetchedAt: '2026-03-01T18:00:00.000Z', previous: prev }));
    expect(recrawl).toMatchObject({ revisit: true, payloadKey: first.archiveKey });
    const recrawlRetry = await archive.putResponse(
      capture('2026-03-01', { captureId: 'job-2', fetchedAt: '2026-03-01T18:01:00.000Z', previous: { archiveKey: recrawl.archiveKey, contentDigest: recrawl.contentDigest } }),
    );
    expect(recrawlRetry.archiveKey).toBe(recrawl.archiveKey);
    expect((await archive.getResponse(recrawl.archiveKey)).meta.fetchedAt).toBe('2026-03-01T18:00:00.000Z');
  });

  it('keeps a CDXJ line per capture whose offset and length cut out exactly that record', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01', { sourceId: 'news' }));
    const second = await archive.putResponse(capture('2026-03-02', { sourceId: 'other', previous: { archiveKey: first.archiveKey, contentDigest: first.contentDigest } }));
    await archive.putRevisit({ url, status: 304, headers: { etag: '"x"' }, fetchedAt: '2026-03-03T10:00:00.000Z', day: '2026-03-03', previousDigest: first.contentDigest, sourceId: 'news' });

    const all = [];
    for await (const c of archive.captures()) all.push(c);
    expect(all.map((c) => c.key).sort()).toHaveLength(3);
    for (const c of all) {
      expect(c.entries).toHaveLength(1);
      const e = c.entries[0]!;
      expect(e.filename).toBe(c.key);
      const [rec] = readWarcRecords(gunzipSync(c.bytes.subarray(Number(e.offset), Number(e.offset) + Number(e.length))));
      expect(rec!.type).toBe(e.mime === 'warc/revisit' ? 'revisit' : 'response');
      expect(rec!.get('WARC-Target-URI')).toBe(url);
      expect(e.url).toBe(url);
    }
    const response = all.find((c) => c.key === first.archiveKey)!.entries[0]!;
    expect(response).toMatchObject({ mime: 'text/html', status: '200', digest: warcDigest(body), timestamp: '20260301100000', source: 'news' });

    // A source's export carries the captures its revisits refer to, even when another source made them.
    const other = [];
    for await (const c of archive.captures({ sourceId: 'other' })) other.push(c.key);
    expect(other).toEqual([second.archiveKey, first.archiveKey]);

    // An object whose kept lines are missing (archived before the index existed) is still exported, indexed on the way.
    for (const key of [...archive.store.objects.keys()]) if (key.startsWith('indexes/cdxj/other/')) archive.store.objects.delete(key);
    const healed = [];
    for await (const c of archive.captures()) healed.push(c);
    expect(healed.map((c) => c.key).sort()).toEqual(all.map((c) => c.key).sort());
    expect(healed.find((c) => c.key === second.archiveKey)!.entries[0]).toMatchObject({ mime: 'warc/revisit', offset: all.find((c) => c.key === second.archiveKey)!.entries[0]!.offset });

    const news = [];
    for await (const c of archive.captures({ sourceId: 'news' })) news.push(c.key);
    expect(news.sort()).toEqual([first.archiveKey, all.find((c) => c.entries[0]!.status === '304')!.key].sort());
  });

  it("writes a job's first capture with one PUT (no HEAD, no CDXJ object outside a source) and a retry nothing new", async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01', { firstRun: true, captureId: 'job-1' }));
    expect(archive.store.calls).toMatchObject({ exists: 0, put: 1, get: 0 });
    // A retry of the same job asks first, finds its capture and writes nothing.
    const retry = await archive.putResponse(capture('2026-03-01', { captureId: 'job-1' }));
    expect(retry.archiveKey).toBe(first.archiveKey);
    expect(archive.store.calls).toMatchObject({ exists: 1, put: 1 });
    // The export indexes the capture from its object.
    const all = [];
    for await (const c of archive.captures()) all.push(c);
    expect(all.map((c) => [c.key, c.entries.map((e) => e.status)])).toEqual([[first.archiveKey, ['200']]]);
    // A source's capture keeps its CDXJ lines, so that source's export finds it.
    const sourced = await archive.putResponse(capture('2026-03-02', { firstRun: true, sourceId: 'news', body: Buffer.from('<p>other</p>') }));
    expect(archive.store.calls).toMatchObject({ exists: 1, put: 3 });
    const news = [];
    for await (const c of archive.captures({ sourceId: 'news' })) news.push(c.key);
    expect(news).toEqual([sourced.archiveKey]);
  });

  it('rewrites a capture a crashed store left torn, so the retry reads back whole', async () => {
    const archive = new MemoryArchiveStore();
    const first = await archive.putResponse(capture('2026-03-01', { firstRun: true, captureId: 'job-1', sourceId: 'news' }));
    // The store died during the PUT: it kept the first bytes, the client saw an error, the job retries.
    archive.store.tear(first.archiveKey, 100);
    await expect(archive.getResponse(first.archiveKey)).rejects.toMatchObject({ code: 'ARCHIVE_MISSING' });
    const retry = await archive.putResponse(capture('2026-03-01', { captureId: 'job-1', sourceId: 'news' }));
    expect(retry.archiveKey).toBe(first.archiveKey);
    expect(Buffer.compare((await archive.getResponse(retry.archiveKey)).body, body)).toBe(0);
    // Its CDXJ lines are rewritten with it, so they cut the new object at the right offsets.
    const news = [];
    for await (const c of archive.captures({ sourceId: 'news' })) news.push(c.key);
    expect(news).toEqual([first.archiveKey]);
  });
});
