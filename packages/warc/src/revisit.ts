import { gzipSync } from 'node:zlib';
import { deterministicRecordId, warcDigest } from './digest.ts';
import { clean, headerPairs, httpRequestBlock, httpResponseBlock, type HeaderInput } from './http-block.ts';
import { record } from './write.ts';

/** WARC 1.1's profile for a 304 answer to a conditional request (section 6.7.2). */
export const SERVER_NOT_MODIFIED_PROFILE = 'http://netpreserve.org/warc/1.1/revisit/server-not-modified';

export interface WarcRevisit {
  url: string;
  date: string | Date;
  ipAddress?: string | null;
  request: { headers: HeaderInput };
  /** The 304's status line and headers; a revisit record carries no payload. */
  response: { status: number; statusText?: string; headers: HeaderInput };
  /** The earlier capture this one confirms unchanged. */
  refersTo: { targetUri: string; date?: string | null; payloadDigest?: string | null };
}

/**
 * A request record and a `revisit` record (server-not-modified profile) for a conditional fetch
 * answered 304: the archive shows the page was checked at this time without storing it twice.
 */
export function warcRevisitRecords(input: WarcRevisit): Buffer {
  const date = (typeof input.date === 'string' ? new Date(input.date) : input.date).toISOString();
  const url = clean(input.url);
  const block = httpResponseBlock(input.response.status, input.response.statusText, '1.1', headerPairs(input.response.headers), new Uint8Array(0));
  const blockDigest = warcDigest(block);
  const revisitId = deterministicRecordId('revisit', url, date, blockDigest);
  const reqBlock = httpRequestBlock('GET', input.url, '1.1', headerPairs(input.request.headers), new Uint8Array(0));
  const requestId = deterministicRecordId('request', url, date, warcDigest(reqBlock), revisitId);
  const request = record(
    [
      ['WARC-Type', 'request'],
      ['WARC-Record-ID', requestId],
      ['WARC-Date', date],
      ['WARC-Target-URI', url],
      ['WARC-Concurrent-To', revisitId],
      ['Content-Type', 'application/http;msgtype=request'],
      ['WARC-Block-Digest', warcDigest(reqBlock)],
    ],
    reqBlock,
  );
  const revisit = record(
    [
      ['WARC-Type', 'revisit'],
      ['WARC-Record-ID', revisitId],
      ['WARC-Date', date],
      ['WARC-Target-URI', url],
      ...(input.ipAddress ? ([['WARC-IP-Address', input.ipAddress]] as [string, string][]) : []),
      ['WARC-Concurrent-To', requestId],
      ['WARC-Profile', SERVER_NOT_MODIFIED_PROFILE],
      ['WARC-Refers-To-Target-URI', clean(input.refersTo.targetUri)],
      ...(input.refersTo.date ? ([['WARC-Refers-To-Date', new Date(input.refersTo.date).toISOString()]] as [string, string][]) : []),
      ...(input.refersTo.payloadDigest ? ([['WARC-Payload-Digest', input.refersTo.payloadDigest]] as [string, string][]) : []),
      ['Content-Type', 'application/http;msgtype=response'],
      ['WARC-Block-Digest', blockDigest],
    ],
    block,
  );
  return Buffer.concat([gzipSync(request), gzipSync(revisit)]);
}
