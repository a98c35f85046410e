import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { deterministicRecordId, warcDigest, type DigestAlgorithm } from './digest.ts';
import { clean, headerPairs, httpRequestBlock, httpResponseBlock, rewriteFraming, type HeaderInput } from './http-block.ts';

export interface WarcExchange {
  /** Target URI of both records (the final URL after redirects). */
  url: string;
  /** When the response was received; the same value gives the same bytes. */
  date: string | Date;
  ipAddress?: string | null;
  request: {
    method?: string;
    headers: HeaderInput;
    httpVersion?: string;
    body?: Uint8Array;
  };
  response: {
    status: number;
    statusText?: string;
    headers: HeaderInput;
    /** The payload as stored: after transfer- and content-decoding. */
    body: Uint8Array;
    httpVersion?: string;
  };
  digestAlgorithm?: DigestAlgorithm;
  /** The response body's digest in WARC form (`sha256:BASE32`), when the caller has computed it already. */
  payloadDigest?: string;
  /** Move Content-Encoding/Transfer-Encoding/Content-Length to X-Archive-Orig-*. Default true. */
  rewriteFramingHeaders?: boolean;
}

// Node's gzip header has mtime 0 and a fixed OS byte, so output is deterministic, sync or not.
const gzipAsync = promisify(gzip);

function warcDate(date: string | Date): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid WARC date: ${String(date)}`);
  // WARC 1.1 allows fractional seconds; keep milliseconds so close fetches stay distinguishable.
  return d.toISOString();
}

export function record(fields: [string, string][], block: Uint8Array): Buffer {
  const head = 'WARC/1.1\r\n' + fields.map(([k, v]) => `${k}: ${clean(v)}\r\n`).join('') + `Content-Length: ${block.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n')]);
}

/**
 * A request and a response record for one HTTP exchange, each gzipped as its own member and
 * concatenated — a valid .warc.gz fragment that can be appended to a file or stored on its own.
 */
export function warcRecords(exchange: WarcExchange): Buffer {
  const { request, response } = exchangeRecords(exchange);
  return Buffer.concat([gzipSync(request), gzipSync(response)]);
}

/**
 * The same bytes as warcRecords, compressed on libuv's thread pool instead of the caller's thread,
 * with the record ids (a caller that refers to the response needs not read the records back).
 */
export async function warcRecordsAsync(exchange: WarcExchange): Promise<{ data: Buffer; requestId: string; responseId: string }> {
  const { request, response, requestId, responseId } = exchangeRecords(exchange);
  const [a, b] = await Promise.all([gzipAsync(request), gzipAsync(response)]);
  return { data: Buffer.concat([a, b]), requestId, responseId };
}

function exchangeRecords(exchange: WarcExchange): { request: Buffer; response: Buffer; requestId: string; responseId: string } {
  const algorithm = exchange.digestAlgorithm ?? 'sha256';
  const date = warcDate(exchange.date);
  const url = clean(exchange.url);
  const rewrite = exchange.rewriteFramingHeaders ?? true;

  const resBody = exchange.response.body;
  const resHeaders = headerPairs(exchange.response.headers);
  const resBlock = httpResponseBlock(
    exchange.response.status,
    exchange.response.statusText,
    exchange.response.httpVersion ?? '1.1',
    rewrite ? rewriteFraming(resHeaders, resBody.length) : resHeaders,
    resBody,
  );
  const resBlockDigest = warcDigest(resBlock, algorithm);
  const responseId = deterministicRecordId('response', url, date, resBlockDigest);

  const reqBody = exchange.request.body ?? new Uint8Array(0);
  const reqBlock = httpRequestBlock(exchange.request.method ?? 'GET', exchange.url, exchange.request.httpVersion ?? '1.1', headerPairs(exchange.request.headers), reqBody);
  const reqBlockDigest = warcDigest(reqBlock, algorithm);
  const requestId = deterministicRecordId('request', url, date, reqBlockDigest, responseId);

  const request = record(
    [
      ['WARC-Type', 'request'],
      ['WARC-Record-ID', requestId],
      ['WARC-Date', date],
      ['WARC-Target-URI', url],
      ['WARC-Concurrent-To', responseId],
      ['Content-Type', 'application/http;msgtype=request'],
      ...(reqBody.length > 0 ? ([['WARC-Payload-Digest', warcDigest(reqBody, algorithm)]] as [string, string][]) : []),
      ['WARC-Block-Digest', reqBlockDigest],
    ],
    reqBlock,
  );
  const response = record(
    [
      ['WARC-Type', 'response'],
      ['WARC-Record-ID', responseId],
      ['WARC-Date', date],
      ['WARC-Target-URI', url],
      ...(exchange.ipAddress ? ([['WARC-IP-Address', exchange.ipAddress]] as [string, string][]) : []),
      ['WARC-Concurrent-To', requestId],
      ['Content-Type', 'application/http;msgtype=response'],
      ['WARC-Payload-Digest', exchange.payloadDigest ?? warcDigest(resBody, algorithm)],
      ['WARC-Block-Digest', resBlockDigest],
    ],
    resBlock,
  );
  return { request, response, requestId, responseId };
}
