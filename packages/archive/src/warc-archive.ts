import { base32, indexWarc, cdxjLine, parseCdxjLine, warcRevisitRecords } from '@ingest/warc';
import { PermanentError } from '@ingest/errors';
import { MemoryBlobStore, type BlobStore } from './blob-store.ts';
import { CDXJ_PREFIX, cdxjKey, isRevisitKey, RESPONSES_PREFIX, REVISITS_PREFIX, revisitKey, warcKey } from './keys.ts';
import { sha256Hex } from '@ingest/ids';
import type { ArchiveStore, ArchivedCapture, ArchivedResponse, CaptureObject, PutRenderedInput, PutResponseInput, PutRevisitInput, RawResponseMeta } from './types.ts';
import { decodeCapture, encodeCapture, encodeRendered, encodeRevisitCapture, revisitTarget, type RevisitTarget } from './warc-object.ts';

/**
 * The archive's logic (WARC objects, revisits, the kept CDXJ index, JSON stage records) over any
 * BlobStore. Every write is idempotent: keys derive from (URL, content digest, day) and an
 * existing capture is never rewritten.
 */
export class WarcArchiveStore implements ArchiveStore {
  protected readonly blobs: BlobStore;

  constructor(blobs: BlobStore) {
    this.blobs = blobs;
  }

  ensureReady(): Promise<void> {
    return this.blobs.ensureReady();
  }

  healthy(): Promise<boolean> {
    return this.blobs.healthy();
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.blobs.ping(signal);
  }

  exists(key: string): Promise<boolean> {
    return this.blobs.exists(key);
  }

  /**
   * Archives one capture. A payload the URL's previous capture already holds (same digest) becomes
   * a revisit record referring to that capture, unless this is a retry of the job that wrote it;
   * anything else a full WARC object. An existing object is left alone, so a retried fetch writes nothing new and gets
   * the same key back. Each capture object gets its CDXJ lines under indexes/cdxj/<source>/.
   */
  async putResponse(input: PutResponseInput): Promise<ArchivedCapture> {
    await this.ensureReady();
    const digest = sha256Hex(input.body);
    const day = input.day ?? input.fetchedAt.slice(0, 10);
    const fullKey = warcKey(input.finalUrl, digest, day);
    const meta: RawResponseMeta = {
      url: input.url,
      finalUrl: input.finalUrl,
      status: input.status,
      headers: input.headers,
      fetchedAt: input.fetchedAt,
      redirects: input.redirects,
      contentDigest: digest,
      size: input.body.length,
    };
    const previous = input.previous;
    if (previous && previous.contentDigest === digest && (previous.archiveKey !== fullKey || input.captureId)) {
      const target = await this.revisitTargetOf(previous.archiveKey);
      // The same day's full capture made by this very job means a retry, not a recrawl.
      const retry = target?.key === fullKey && (!input.captureId || target.captureId === input.captureId);
      // Only the same URL: a redirect that lands on a copy of another page's bytes is its own capture.
      if (target && !retry && target.targetUri === input.finalUrl) {
        const key = revisitKey(input.finalUrl, day, `payload|${digest}|${input.captureId ?? ''}`);
        await this.writeOnce(key, () => encodeRevisitCapture(input, digest, target), input.sourceId, target.key, input.firstRun === true && previous.archiveKey !== key);
        return { ...meta, archiveKey: key, payloadKey: target.key, revisit: true };
      }
    }
    await this.writeOnce(fullKey, () => encodeCapture(input, digest), input.sourceId, undefined, input.firstRun === true && previous?.archiveKey !== fullKey);
    return { ...meta, archiveKey: fullKey, payloadKey: fullKey, revisit: false };
  }

  /**
   * The full capture a new revisit refers to: the previous capture itself, or the one the previous
   * revisit refers to (revisits never chain). Null when it is gone, so a full copy is written.
   */
  private async revisitTargetOf(previousKey: string): Promise<RevisitTarget | null> {
    try {
      let key = previousKey;
      if (isRevisitKey(key)) {
        const payloadKey = decodeCapture(key, await this.blobs.get(key)).payloadKey;
        if (!payloadKey) return null;
        key = payloadKey;
      }
      return revisitTarget(key, await this.blobs.get(key));
    } catch (err) {
      if ((err as { code?: string }).code === 'ARCHIVE_MISSING') return null;
      throw err;
    }
  }

  /**
   * Writes a capture object unless it exists whole (`known` new: not asked), then, for a source's
   * capture, its CDXJ lines unless they exist. A capture made outside any source keeps no CDXJ
   * object: the export indexes it from the object itself (captures()), so it costs one PUT.
   */
  private async writeOnce(key: string, encode: () => Buffer | Promise<Buffer>, sourceId: string | undefined, refers?: string, knownNew = false): Promise<void> {
    const indexKey = cdxjKey(key, sourceId);
    const extra: Record<string, string> = { ...(sourceId ? { source: sourceId } : {}), ...(refers ? { refers } : {}) };
    let bytes: Buffer;
    if (!knownNew && (await this.blobs.whole(key))) {
      if (!sourceId || (await this.blobs.whole(indexKey))) return;
      bytes = await this.blobs.get(key);
    } else {
      bytes = await encode();
      await this.blobs.put(key, bytes, 'application/warc');
    }
    if (!sourceId) return;
    const lines = indexWarc(bytes, key, extra).map(cdxjLine);
    await this.blobs.put(indexKey, Buffer.from(lines.join('\n') + '\n'), 'application/cdxj');
  }

  /** Archives a 304 as request + revisit records (WARC 1.1 server-not-modified profile); write-once. */
  async putRevisit(input: PutRevisitInput): Promise<string> {
    await this.ensureReady();
    const validators = `${input.headers.etag ?? ''}|${input.headers['last-modified'] ?? ''}|${input.previousDigest ?? ''}`;
    const key = revisitKey(input.url, input.day, validators);
    await this.writeOnce(
      key,
      () =>
        warcRevisitRecords({
          url: input.url,
          date: input.fetchedAt,
          ipAddress: input.remoteAddress ?? null,
          request: { headers: input.requestHeaders ?? { host: new URL(input.url).host } },
          response: { status: input.status, headers: input.headers },
          refersTo: { targetUri: input.url, payloadDigest: input.previousDigest ? `sha256:${base32(Buffer.from(input.previousDigest, 'hex'))}` : null },
        }),
      input.sourceId,
    );
    return key;
  }

  /** The raw capture's exchange plus the rendered DOM as one object (see encodeRendered); write-once. */
  async putRendered(input: PutRenderedInput): Promise<{ archiveKey: string; contentDigest: string }> {
    await this.ensureReady();
    const contentDigest = sha256Hex(Buffer.from(input.html, 'utf8'));
    const archiveKey = warcKey(input.finalUrl, contentDigest, input.day);
    // A revisit holds no payload: the snapshot is built on the full capture it refers to.
    let rawKey = input.rawKey;
    let raw = await this.blobs.get(rawKey);
    if (isRevisitKey(rawKey)) {
      const payloadKey = decodeCapture(rawKey, raw).payloadKey;
      if (payloadKey) {
        rawKey = payloadKey;
        raw = await this.blobs.get(rawKey);
      }
    }
    await this.writeOnce(archiveKey, () => encodeRendered(raw, input).data, undefined);
    return { archiveKey, contentDigest };
  }

  /** Any other object (screenshots); write-once by key. */
  async putObject(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.ensureReady();
    if (!(await this.blobs.whole(key))) await this.blobs.put(key, body, contentType);
  }

  async getResponse(archiveKey: string): Promise<ArchivedResponse> {
    const { payloadKey, ...capture } = decodeCapture(archiveKey, await this.blobs.get(archiveKey));
    if (!payloadKey) return capture;
    const payload = decodeCapture(payloadKey, await this.blobs.get(payloadKey));
    return { meta: { ...capture.meta, size: payload.body.length }, body: payload.body };
  }

  listResponseKeys(): AsyncIterable<string> {
    return this.blobs.list(RESPONSES_PREFIX);
  }

  async *captures(options: { sourceId?: string } = {}): AsyncIterable<CaptureObject> {
    const prefix = options.sourceId ? `${CDXJ_PREFIX}${options.sourceId}/` : CDXJ_PREFIX;
    const seen = new Set<string>();
    const referred = new Set<string>();
    for await (const indexKey of this.blobs.list(prefix)) {
      const entries = (await this.blobs.get(indexKey))
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map(parseCdxjLine);
      const key = entries[0]?.filename ?? captureKeyOf(indexKey);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const e of entries) if (e.refers) referred.add(e.refers);
      yield { key, bytes: await this.blobs.get(key), entries };
    }
    // A source's revisit may refer to a capture another source (or none) made: without it the revisit replays nothing.
    for (const key of referred) {
      if (seen.has(key)) continue;
      seen.add(key);
      const bytes = await this.blobs.get(key);
      yield { key, bytes, entries: indexWarc(bytes, key) };
    }
    if (options.sourceId) return;
    // Captures archived before the kept index existed (or whose index write was lost) are indexed now.
    for (const prefix of [RESPONSES_PREFIX, REVISITS_PREFIX]) {
      for await (const key of this.blobs.list(prefix)) {
        if (seen.has(key)) continue;
        seen.add(key);
        const bytes = await this.blobs.get(key);
        yield { key, bytes, entries: indexWarc(bytes, key) };
      }
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.ensureReady();
    await this.blobs.put(key, Buffer.from(JSON.stringify(value)), 'application/json');
  }

  /** A record that does not parse (torn by a store that crashed during its PUT) is ARCHIVE_MISSING. */
  async getJson(key: string): Promise<unknown> {
    const text = (await this.blobs.get(key)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new PermanentError('ARCHIVE_MISSING', `Stage record ${key} is not readable JSON (${(err as Error).message}); re-enqueue the URL to process it again`, { cause: err });
    }
  }

  listKeys(prefix: string): AsyncIterable<string> {
    return this.blobs.list(prefix);
  }

  /** Raw bytes of any object (a capture's WARC, a stage record). */
  getBytes(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }

  close(): void {
    this.blobs.close();
  }
}

function captureKeyOf(indexKey: string): string {
  const rest = indexKey.slice(CDXJ_PREFIX.length);
  return rest.slice(rest.indexOf('/') + 1).replace(/\.cdxj$/, '');
}

/** The archive in memory: the same logic as S3ArchiveStore, for unit tests. */
export class MemoryArchiveStore extends WarcArchiveStore {
  declare protected readonly blobs: MemoryBlobStore;

  constructor(blobs: MemoryBlobStore = new MemoryBlobStore()) {
    super(blobs);
  }

  /** The underlying objects and call counts, for assertions. */
  get store(): MemoryBlobStore {
    return this.blobs;
  }
}
