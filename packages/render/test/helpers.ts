import { fetchPage } from '@ingest/fetch';
import { RenderPool, parseBlockList, type RenderPoolOptions, type ResourceFetcher } from '../src/index.ts';

/** The browser's requests through the real guarded client, with only `allow` reachable besides public addresses. */
export function guardedFetcher(allow: string[]): ResourceFetcher {
  return async (url, { signal }) => {
    const res = await fetchPage(url, { userAgent: 'IngestBot-test', allowNetworks: allow, signal, maxBytes: 5_000_000 });
    return { status: res.status, headers: res.headers, body: res.body };
  };
}

export function testPool(overrides: Partial<RenderPoolOptions> = {}): RenderPool {
  return new RenderPool({
    executable: '/usr/bin/chromium',
    maxContexts: 2,
    pagesPerContext: 5,
    pageTimeoutMs: 30_000,
    maxBrowserMemoryMb: 4096,
    block: parseBlockList('trackers,fonts,media'),
    userAgent: 'IngestBot-test',
    fetchResource: guardedFetcher(['127.0.0.1/32']),
    ...overrides,
  });
}

export async function documentOf(url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const res = await fetchPage(url, { userAgent: 'IngestBot-test', allowNetworks: ['127.0.0.0/8'] });
  return { status: res.status, headers: res.headers, body: res.body };
}
