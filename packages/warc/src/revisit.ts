import { gzipSync } from 'node:zlib';
import { deterministicRecordId, warcDigest } from './digest.ts';
import { clean, headerPairs, httpRequestBlock, httpResponseBlock, rewriteFraming, type HeaderInput } from './http-block.ts';
import { record } from './write.ts';

/** WARC 1.1's profile for a 304 answer to a conditional request (section 6.7.2). */
export const SERVER_NOT_MODIFIED_PROFILE = 'http://netpreserve.org/warc/1.1/revisit/server-not-modified';
/** WARC 1.1's profile for a full answer whose payload equals an earlier capture's (section 6.7.1). */
export const IDENTICAL_PAYLOAD_DIGEST_PROFILE = 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest';

export interface WarcRevisit {
  url: string;
  date: string | Date;
  ipAddress?: string | null;
  request: { headers: HeaderInput };
  /** The 304's status line and headers; a revisit record carries no payload. */
  response: { status: number; statusText?: string; headers: HeaderInput };
  /** The earlier capture this one confirms unchanged. */
  refersTo: { targetUri: string; date?: string | null; payloadDigest?: string | null; recordId?: string | null };
  /**
   * server-not-modified (default) for a 304; identical-payload-digest for a 200 whose payload the
   * earlier capture already holds. The latter keeps the response's headers, with framing headers
   * rewritten as in the full record (the payload is stored decoded, `payloadLength` bytes).
   */
  profile?: 'server-not-modified' | 'identical-payload-digest';
  payloadLength?: number;
}

/**
 * A request record and a `revisit` record for a capture whose payload the archive already holds
 * (a 304, or a 200 with the same payload digest): the archive shows the page was checked at this
 * time without storing it twice.
 */
export function warcRevisitRecords(input: WarcRevisit): Buffer {
  const date = (typeof input.date === 'string' ? new Date(input.date) : input.date).toISOString();
  const url = clean(input.url);
  const identical = input.profile === 'identical-payload-digest';
  const pairs = headerPairs(input.response.headers);
  const block = httpResponseBlock(input.response.status, input.response.statusText, '1.1', identical ? rewriteFraming(pairs, input.payloadLength ?? 0) : pairs, new Uint8Array(0));
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
      ['WARC-Profile', identical ? IDENTICAL_PAYLOAD_DIGEST_PROFILE : SERVER_NOT_MODIFIED_PROFILE],
      ...(input.refersTo.recordId ? ([['WARC-Refers-To', input.refersTo.recordId]] as [string, string][]) : []),
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
