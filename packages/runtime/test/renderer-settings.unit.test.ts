import { describe, expect, it } from 'vitest';
import { loadConfig } from '@ingest/config';
import { createLogger } from '@ingest/logger';
import type { PageFetcher } from '@ingest/pipeline';
import { renderPoolOptions } from '../src/renderer.ts';

describe('the render pool from the settings', () => {
  it('takes its limits from RENDER_* and makes every browser request through the page fetcher', async () => {
    const config = loadConfig({
      RENDER_CHROMIUM_PATH: '/opt/chromium/chrome',
      RENDER_CONCURRENCY: '3',
      RENDER_PAGES_PER_CONTEXT: '7',
      RENDER_PAGE_TIMEOUT_MS: '4500',
      RENDER_MAX_BROWSER_MEMORY_MB: '300',
    });
    const asked: string[] = [];
    const fetcher = {
      fetch: async (url: string) => {
        asked.push(url);
        return { status: 200, headers: { 'content-type': 'text/javascript' }, body: Buffer.from('1') };
      },
    } as unknown as PageFetcher;
    const options = renderPoolOptions(config, fetcher, createLogger({ level: 'silent' }), new Set());
    expect(options).toMatchObject({ executable: '/opt/chromium/chrome', maxContexts: 3, pagesPerContext: 7, pageTimeoutMs: 4500, maxBrowserMemoryMb: 300 });
    const res = await options.fetchResource('https://example.org/app.js', { signal: new AbortController().signal, resourceType: 'script' });
    expect(res.body.toString()).toBe('1');
    expect(asked).toEqual(['https://example.org/app.js']);
  });

  it('defaults to the chromium binary on the PATH, and refuses limits below their floors', () => {
    expect(loadConfig({}).renderChromiumPath).toBe('chromium');
    expect(() => loadConfig({ RENDER_PAGE_TIMEOUT_MS: '10' })).toThrow(/RENDER_PAGE_TIMEOUT_MS/);
    expect(() => loadConfig({ RENDER_PAGES_PER_CONTEXT: '0' })).toThrow(/RENDER_PAGES_PER_CONTEXT/);
  });
});
