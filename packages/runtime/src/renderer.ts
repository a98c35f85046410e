import type { Config } from '@ingest/config';
import type { Logger } from '@ingest/logger';
import type { PageFetcher, PageRenderer } from '@ingest/pipeline';
import type { BlockClass, RenderPoolOptions } from '@ingest/render';

/** The pool's limits and wiring from the settings (RENDER_*), every browser request made by `fetcher`. */
export function renderPoolOptions(config: Config, fetcher: PageFetcher, log: Logger, block: ReadonlySet<BlockClass>): RenderPoolOptions {
  return {
    executable: config.renderChromiumPath,
    maxContexts: config.renderConcurrency,
    pagesPerContext: config.renderPagesPerContext,
    pageTimeoutMs: config.renderPageTimeoutMs,
    maxBrowserMemoryMb: config.renderMaxBrowserMemoryMb,
    block,
    userAgent: config.fetchUserAgent,
    fetchResource: async (url, { signal }) => {
      const res = await fetcher.fetch(url, { signal, accept: '*/*' });
      return { status: res.status, headers: res.headers, body: res.body };
    },
    onEvent: (event, detail) => (event === 'launch' || event === 'recycle-context' ? log.debug({ event, ...detail }, 'browser') : log.warn({ event, ...detail }, 'browser replaced')),
  };
}

/**
 * The render stage's browser: a context pool over Debian's Chromium whose every request is made
 * by the page fetcher (network guard, per-host politeness shared with the fetchers, robots.txt).
 * Nothing starts until the first page is rendered, so a stack whose sources never ask for
 * rendering never runs a browser.
 */
export async function createRenderer(config: Config, fetcher: PageFetcher, log: Logger): Promise<PageRenderer> {
  const { RenderPool, parseBlockList } = await import('@ingest/render');
  const pool = new RenderPool(renderPoolOptions(config, fetcher, log, parseBlockList(config.renderBlock)));
  return {
    render: (input) => pool.render(input),
    close: () => pool.close(),
  };
}
