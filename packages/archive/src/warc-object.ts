import { gzipSync } from 'node:zlib';
import { PermanentError } from '@ingest/errors';
import { deterministicRecordId, readWarcRecords, parseHttpResponse, warcDigest, warcRecords, WarcFormatError } from '@ingest/warc';
import { sha256Hex } from './keys.ts';
import type { ArchivedResponse, PutResponseInput, RawResponseMeta } from './types.ts';

/** What only we know about a capture (the URL asked for, the redirect hops): a WARC metadata record. */
interface CaptureMetadata {
  requestedUrl: string;
  redirects: { url: string; status: number }[];
  contentDigest: string;
}

const METADATA_TYPE = 'application/vnd.ingest.capture+json';

/**
 * One capture as a .warc.gz object: request and response records from @ingest/warc (one gzip
 * member each), then a metadata record referring to the response. Record ids are derived from
 * the URL, date and content, so the same capture always yields the same bytes.
 */
export function encodeCapture(input: PutResponseInput, contentDigest: string): Buffer {
  const exchange = warcRecords({
    url: input.finalUrl,
    date: input.fetchedAt,
    ipAddress: input.remoteAddress ?? null,
    request: { method: 'GET', headers: input.requestHeaders ?? { host: new URL(input.finalUrl).host } },
    response: { status: input.status, headers: input.headers, body: input.body },
  });
  const response = readWarcRecords(exchange).find((r) => r.type === 'response');
  const meta: CaptureMetadata = { requestedUrl: input.url, redirects: input.redirects, contentDigest };
  return Buffer.concat([exchange, metadataRecord(input.finalUrl, input.fetchedAt, response?.get('WARC-Record-ID') ?? '', meta)]);
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

/** Reads a capture back: the response's status, headers and payload, plus our metadata record. */
export function decodeCapture(key: string, data: Buffer): ArchivedResponse {
  let records;
  try {
    records = readWarcRecords(data);
  } catch (err) {
    if (err instanceof WarcFormatError)
      throw new PermanentError('ARCHIVE_MISSING', `Archived object ${key} is not a readable WARC (${err.message}); re-enqueue the URL to fetch it again`, { cause: err });
    throw err;
  }
  const response = records.find((r) => r.type === 'response');
  if (!response) throw new PermanentError('ARCHIVE_MISSING', `Archived object ${key} has no response record; re-enqueue the URL to fetch it again`);
  const http = parseHttpResponse(response.block);
  const metaRecord = records.find((r) => r.type === 'metadata' && r.get('Content-Type') === METADATA_TYPE);
  const extra = metaRecord ? (JSON.parse(metaRecord.block.toString('utf8')) as CaptureMetadata) : null;
  const finalUrl = response.get('WARC-Target-URI') ?? '';
  const contentDigest = sha256Hex(http.body);
  if (extra && extra.contentDigest !== contentDigest) {
    throw new PermanentError('ARCHIVE_MISSING', `Archived payload in ${key} does not match its recorded digest; re-enqueue the URL to fetch it again`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of http.headers) {
    const name = k.toLowerCase();
    headers[name] = headers[name] === undefined ? v : `${headers[name]}, ${v}`;
  }
  const meta: RawResponseMeta = {
    url: extra?.requestedUrl ?? finalUrl,
    finalUrl,
    status: http.status,
    headers,
    fetchedAt: response.get('WARC-Date') ?? '',
    redirects: extra?.redirects ?? [],
    contentDigest,
    size: http.body.length,
  };
  return { meta, body: http.body };
}
