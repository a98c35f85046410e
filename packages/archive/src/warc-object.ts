import { gzipSync } from 'node:zlib';
import { PermanentError } from '@ingest/errors';
import { base32, deterministicRecordId, IDENTICAL_PAYLOAD_DIGEST_PROFILE, readWarcRecords, parseHttpResponse, warcDigest, warcRecordsAsync, warcRevisitRecords, WarcFormatError } from '@ingest/warc';
import { sha256Hex } from '@ingest/ids';
import type { ArchivedResponse, PutResponseInput, RawResponseMeta } from './types.ts';

/** What only we know about a capture (the URL asked for, the redirect hops): a WARC metadata record. */
interface CaptureMetadata {
  requestedUrl: string;
  redirects: { url: string; status: number }[];
  /** Of the payload getResponse returns: the response body, or the rendered DOM in a rendered capture. */
  contentDigest: string;
  /** Revisits only: the archive key of the full capture holding the payload. */
  payloadKey?: string;
  /** The fetch job that made the capture (PutResponseInput.captureId). */
  captureId?: string;
  /** Rendered captures: the raw response's payload digest. */
  renderedFrom?: string;
  /** Rendered captures: the screenshot taken with the snapshot. */
  screenshotKey?: string;
}

const METADATA_TYPE = 'application/vnd.ingest.capture+json';

/**
 * One capture as a .warc.gz object: request and response records from @ingest/warc (one gzip
 * member each), then a metadata record referring to the response. Record ids are derived from
 * the URL, date and content, so the same capture always yields the same bytes.
 */
export async function encodeCapture(input: PutResponseInput, contentDigest: string): Promise<Buffer> {
  // Compressed off this thread, and the body's digest is the one the archive key is made of: a
  // capture's gzip, a second hash of the body and a read-back of the records (for the response
  // id) were a tenth of a fetcher's main-thread CPU.
  const exchange = await warcRecordsAsync({
    url: input.finalUrl,
    date: input.fetchedAt,
    ipAddress: input.remoteAddress ?? null,
    request: { method: 'GET', headers: input.requestHeaders ?? { host: new URL(input.finalUrl).host } },
    response: { status: input.status, headers: input.headers, body: input.body },
    payloadDigest: `sha256:${base32(Buffer.from(contentDigest, 'hex'))}`,
  });
  const meta: CaptureMetadata = { requestedUrl: input.url, redirects: input.redirects, contentDigest, ...(input.captureId ? { captureId: input.captureId } : {}) };
  return Buffer.concat([exchange.data, metadataRecord(input.finalUrl, input.fetchedAt, exchange.responseId, meta)]);
}

/** The earlier full capture a revisit refers to, as read from its response record. */
export interface RevisitTarget {
  key: string;
  recordId: string;
  date: string;
  targetUri: string;
  captureId: string | null;
}

/**
 * A 200 whose payload the archive already holds, as request + revisit (identical-payload-digest
 * profile, the response's headers, no payload) + our metadata record naming the capture that
 * holds the payload. Deterministic like encodeCapture.
 */
export function encodeRevisitCapture(input: PutResponseInput, contentDigest: string, target: RevisitTarget): Buffer {
  const exchange = warcRevisitRecords({
    url: input.finalUrl,
    date: input.fetchedAt,
    ipAddress: input.remoteAddress ?? null,
    request: { headers: input.requestHeaders ?? { host: new URL(input.finalUrl).host } },
    response: { status: input.status, headers: input.headers },
    refersTo: { targetUri: target.targetUri, date: target.date, recordId: target.recordId, payloadDigest: `sha256:${base32(Buffer.from(contentDigest, 'hex'))}` },
    profile: 'identical-payload-digest',
    payloadLength: input.body.length,
  });
  const revisit = readWarcRecords(exchange).find((r) => r.type === 'revisit');
  const meta: CaptureMetadata = { requestedUrl: input.url, redirects: input.redirects, contentDigest, payloadKey: target.key, ...(input.captureId ? { captureId: input.captureId } : {}) };
  return Buffer.concat([exchange, metadataRecord(input.finalUrl, input.fetchedAt, revisit?.get('WARC-Record-ID') ?? '', meta)]);
}

/** Where a full capture's response record is, for a revisit to refer to it. */
export function revisitTarget(key: string, data: Buffer): RevisitTarget {
  const records = readRecords(key, data);
  const response = records.find((r) => r.type === 'response');
  if (!response) throw new PermanentError('ARCHIVE_MISSING', `Archived object ${key} has no response record; re-enqueue the URL to fetch it again`);
  const metaRecord = records.find((r) => r.type === 'metadata' && r.get('Content-Type') === METADATA_TYPE);
  const extra = metaRecord ? (JSON.parse(metaRecord.block.toString('utf8')) as CaptureMetadata) : null;
  return { key, recordId: response.get('WARC-Record-ID') ?? '', date: response.get('WARC-Date') ?? '', targetUri: response.get('WARC-Target-URI') ?? '', captureId: extra?.captureId ?? null };
}

function readRecords(key: string, data: Buffer) {
  try {
    return readWarcRecords(data);
  } catch (err) {
    if (err instanceof WarcFormatError)
      throw new PermanentError('ARCHIVE_MISSING', `Archived object ${key} is not a readable WARC (${err.message}); re-enqueue the URL to fetch it again`, { cause: err });
    throw err;
  }
}

function metadataRecord(url: string, date: string, refersTo: string, meta: CaptureMetadata): Buffer {
  const block = Buffer.from(JSON.stringify(meta), 'utf8');
  const fields: [string, string][] = [
    ['WARC-Type', 'metadata'],
    ['WARC-Record-ID', deterministicRecordId('metadata', url, meta.contentDigest, refersTo)],
    ['WARC-Date', new Date(date).toISOString()],
    ['WARC-Target-URI', url.replace(/[\r\n]+/g, ' ')],
    ['WARC-Refers-To', refersTo],
    ['Content-Type', METADATA_TYPE],
    ['WARC-Block-Digest', warcDigest(block)],
  ];
  const head = 'WARC/1.1\r\n' + fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + `Content-Length: ${block.length}\r\n\r\n`;
  return gzipSync(Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n')]));
}

/**
 * A rendered capture: the raw object's own members (request, response, metadata) unchanged, then a
 * conversion record with the DOM snapshot referring to the response, then a metadata record for
 * the snapshot. Readers that know nothing of rendering still find the raw exchange.
 */
export function encodeRendered(rawObject: Buffer, input: { finalUrl: string; html: string; renderedAt: string; screenshotKey?: string | undefined }): { data: Buffer; contentDigest: string } {
  const records = readWarcRecords(rawObject);
  const response = records.find((r) => r.type === 'response');
  const rawMeta = records.findLast((r) => r.type === 'metadata' && r.get('Content-Type') === METADATA_TYPE);
  const extra = rawMeta ? (JSON.parse(rawMeta.block.toString('utf8')) as CaptureMetadata) : null;
  const responseId = response?.get('WARC-Record-ID') ?? '';
  const block = Buffer.from(input.html, 'utf8');
  const contentDigest = sha256Hex(block);
  const fields: [string, string][] = [
    ['WARC-Type', 'conversion'],
    ['WARC-Record-ID', deterministicRecordId('conversion', input.finalUrl, contentDigest, responseId)],
    ['WARC-Date', new Date(input.renderedAt).toISOString()],
    ['WARC-Target-URI', input.finalUrl.replace(/[\r\n]+/g, ' ')],
    ['WARC-Refers-To', responseId],
    ['Content-Type', RENDERED_TYPE],
    ['WARC-Block-Digest', warcDigest(block)],
  ];
  const head = 'WARC/1.1\r\n' + fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + `Content-Length: ${block.length}\r\n\r\n`;
  const conversion = gzipSync(Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n')]));
  const meta: CaptureMetadata = {
    requestedUrl: extra?.requestedUrl ?? input.finalUrl,
    redirects: extra?.redirects ?? [],
    contentDigest,
    renderedFrom: sha256Hex(parseHttpResponse(response?.block ?? Buffer.alloc(0)).body),
    ...(input.screenshotKey ? { screenshotKey: input.screenshotKey } : {}),
  };
  const conversionId = deterministicRecordId('conversion', input.finalUrl, contentDigest, responseId);
  return { data: Buffer.concat([rawObject, conversion, metadataRecord(input.finalUrl, input.renderedAt, conversionId, meta)]), contentDigest };
}

const RENDERED_TYPE = 'text/html; charset=utf-8';

/**
 * Reads a capture back: the response's status, headers and payload, plus our metadata record. For
 * an identical-payload revisit the body is empty and `payloadKey` names the capture holding it.
 */
export function decodeCapture(key: string, data: Buffer): ArchivedResponse & { payloadKey?: string } {
  const records = readRecords(key, data);
  // A rendered capture holds two metadata records; the snapshot's is the last one.
  const metaRecord = records.findLast((r) => r.type === 'metadata' && r.get('Content-Type') === METADATA_TYPE);
  const extra = metaRecord ? (JSON.parse(metaRecord.block.toString('utf8')) as CaptureMetadata) : null;
  const revisit = records.find((r) => r.type === 'revisit' && r.get('WARC-Profile') === IDENTICAL_PAYLOAD_DIGEST_PROFILE);
  if (revisit && extra?.payloadKey) {
    const http = parseHttpResponse(revisit.block);
    return { meta: responseMeta(revisit.get('WARC-Target-URI') ?? '', revisit.get('WARC-Date') ?? '', http, extra, extra.contentDigest, 0), body: Buffer.alloc(0), payloadKey: extra.payloadKey };
  }
  const response = records.find((r) => r.type === 'response');
  if (!response) throw new PermanentError('ARCHIVE_MISSING', `Archived object ${key} has no response record; re-enqueue the URL to fetch it again`);
  const http = parseHttpResponse(response.block);
  // A rendered capture: the DOM snapshot is what the page says.
  const conversion = records.find((r) => r.type === 'conversion' && r.get('Content-Type') === RENDERED_TYPE);
  if (conversion) {
    http.body = conversion.block;
    http.headers = [...http.headers.filter(([k]) => k.toLowerCase() !== 'content-type'), ['content-type', RENDERED_TYPE]];
  }
  const finalUrl = response.get('WARC-Target-URI') ?? '';
  const contentDigest = sha256Hex(http.body);
  if (extra && extra.contentDigest !== contentDigest) {
    throw new PermanentError('ARCHIVE_MISSING', `Archived payload in ${key} does not match its recorded digest; re-enqueue the URL to fetch it again`);
  }
  // A snapshot is newer than the response it was rendered from: replayed, it wins over the raw capture.
  const fetchedAt = (conversion ?? response).get('WARC-Date') ?? '';
  return { meta: responseMeta(finalUrl, fetchedAt, http, extra, contentDigest, http.body.length), body: http.body };
}

function responseMeta(finalUrl: string, fetchedAt: string, http: { status: number; headers: [string, string][] }, extra: CaptureMetadata | null, contentDigest: string, size: number): RawResponseMeta {
  const headers: Record<string, string> = {};
  for (const [k, v] of http.headers) {
    const name = k.toLowerCase();
    headers[name] = headers[name] === undefined ? v : `${headers[name]}, ${v}`;
  }
  return {
    url: extra?.requestedUrl ?? finalUrl,
    finalUrl,
    status: http.status,
    headers,
    fetchedAt,
    redirects: extra?.redirects ?? [],
    contentDigest,
    size,
    ...(extra?.screenshotKey ? { screenshotKey: extra.screenshotKey } : {}),
  };
}
