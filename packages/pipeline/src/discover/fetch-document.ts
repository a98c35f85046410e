import { IngestError, RateLimitedError } from '@ingest/errors';
import { maybeGunzip, SourceError, type SourceLimits } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';

const ACCEPT = 'application/xml,text/xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,*/*;q=0.5';

/**
 * A sitemap or feed through the same fetcher as pages (politeness, robots, network guard), with
 * the source's size limit applied after decompression (also for .xml.gz served as a file).
 */
export async function fetchDocument(deps: PipelineDeps, url: string, limits: SourceLimits, signal: AbortSignal | undefined): Promise<string> {
  let body: Buffer;
  try {
    const res = await deps.fetcher.fetch(url, { signal, maxBytes: limits.maxBytes, accept: ACCEPT });
    body = res.body;
  } catch (err) {
    // A busy or rate-limited host delays the whole discover job; the run resumes where it was.
    if (err instanceof RateLimitedError) throw err;
    if (err instanceof IngestError) {
      const code = err.code === 'BODY_TOO_LARGE' || err.code === 'DECOMPRESSION_BOMB' ? 'DOCUMENT_TOO_LARGE' : 'FETCH_FAILED';
      throw new SourceError(code, `${url}: ${err.code}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return maybeGunzip(body, limits.maxBytes, url).toString('utf8');
}
