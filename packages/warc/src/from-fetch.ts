import type { WarcExchange } from './write.ts';

/** The fields of @ingest/fetch's FetchResponse that a WARC needs (structural, to avoid a dependency). */
export interface FetchedExchange {
  finalUrl: string;
  fetchedAt: string;
  remoteAddress: string | null;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  requestHeaders: Record<string, string>;
}

/** Maps a fetch result to the input of warcRecords. */
export function exchangeFromFetch(res: FetchedExchange): WarcExchange {
  return {
    url: res.finalUrl,
    date: res.fetchedAt,
    ipAddress: res.remoteAddress,
    request: { method: 'GET', headers: res.requestHeaders },
    response: { status: res.status, headers: res.headers, body: res.body },
  };
}
