import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { IngestError, RetryableError } from '@ingest/errors';
import { blockReason, type BlockClass } from './blocking.ts';
import { closeConsent } from './consent.ts';
import { BrowserMissingError, resolveChromium } from './executable.ts';
import { processTree, treeMemoryBytes } from './memory.ts';

/** Debian's Chromium as a crawler needs it: no sandbox (containers), no GPU, nothing phoning home. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Every request is answered by our own fetcher through request interception. Whatever escapes
  // interception (prefetch, WebRTC) meets a proxy that is not there and fails.
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--dns-prefetch-disable',
];

export interface FetchedResource {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** How the browser's requests reach the network: the caller's guarded, polite fetcher. */
export type ResourceFetcher = (url: string, init: { signal: AbortSignal; resourceType: string }) => Promise<FetchedResource>;

export interface RenderPoolOptions {
  /** RENDER_CHROMIUM_PATH: a path, or a name looked up on PATH. */
  executable: string;
  /** Pages rendered at once; each gets a context of its own. */
  maxContexts: number;
  /** A context is closed and replaced after this many pages. */
  pagesPerContext: number;
  pageTimeoutMs: number;
  /** The browser is replaced (between pages) when its processes hold more than this. */
  maxBrowserMemoryMb: number;
  block: ReadonlySet<BlockClass>;
  userAgent: string;
  fetchResource: ResourceFetcher;
  /** Environment PATH for the executable lookup (the runtime passes its own). */
  searchPath?: string | undefined;
  onEvent?: ((event: 'launch' | 'crash' | 'hang' | 'recycle-memory' | 'recycle-context', detail?: Record<string, unknown>) => void) | undefined;
}

export interface RenderInput {
  /** The page's final URL: the browser navigates here. */
  url: string;
  /** The response the fetcher archived: served to the browser for the navigation, so the page is not requested twice. */
  document: FetchedResource;
  screenshot?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export interface RequestCounts {
  fetched: number;
  failed: number;
  /** Refused by the network guard (private, loopback or metadata address not allowed). */
  refused: number;
  /** Not allowed by the browser's rules (non-GET, WebSocket, non-http schemes). */
  denied: number;
  blocked: Partial<Record<BlockClass, number>>;
}

export interface RenderResult {
  html: string;
  finalUrl: string;
  consent: string | null;
  screenshot: Buffer | null;
  requests: RequestCounts;
  durationMs: number;
}

export class RenderFailedError extends RetryableError {
  override name = 'RenderFailedError';
  constructor(message: string, cause?: unknown) {
    super('RENDER_FAILED', message, { cause });
  }
}

interface Slot {
  context: BrowserContext;
  pages: number;
  generation: number;
}

const QUIET_MS = 400;
const DOM_SETTLE_MAX_MS = 5_000;
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function fulfilHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !DROPPED_HEADERS.has(k.toLowerCase())));
}

/**
 * A browser and a pool of its contexts. The browser starts on the first render (a process that
 * never renders never starts one), is replaced when it crashes, hangs a page past its deadline
 * or grows past its memory limit; a render caught in a crash or hang fails with RENDER_FAILED,
 * which the queue retries.
 */
export class RenderPool {
  private readonly options: RenderPoolOptions;
  private readonly marker = `--ingest-render-pool=${randomUUID()}`;
  private browser: Promise<Browser> | null = null;
  private generation = 0;
  private readonly idle: Slot[] = [];
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(options: RenderPoolOptions) {
    this.options = options;
  }

  /** Throws BROWSER_MISSING when Chromium cannot be found; a cheap check for start-up logs. */
  executablePath(): string {
    return resolveChromium(this.options.executable, this.options.searchPath);
  }

  /** The browser's processes now, its main process first (empty when none runs). */
  processIds(): number[] {
    return this.browser ? processTree(this.marker) : [];
  }

  /** Proportional memory of the browser's processes now (0 when none runs). */
  memoryBytes(): number {
    return this.browser ? treeMemoryBytes(processTree(this.marker)) : 0;
  }

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const executablePath = this.executablePath();
      const generation = ++this.generation;
      let browser: Browser;
      try {
        browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, this.marker], timeout: 30_000 });
      } catch (err) {
        this.browser = null;
        if (/ENOENT|not found|Failed to launch/i.test(String(err))) throw new BrowserMissingError(this.options.executable, err);
        throw new RenderFailedError(
          `Chromium (${executablePath}, RENDER_CHROMIUM_PATH) did not start: ${String(err)}. If it is not Chromium, install it with \`apt-get install chromium\` or point RENDER_CHROMIUM_PATH at a Chromium binary`,
          err,
        );
      }
      browser.on('disconnected', () => {
        if (this.generation !== generation) return;
        this.browser = null;
        this.idle.length = 0;
        if (!this.closed) this.options.onEvent?.('crash');
      });
      this.options.onEvent?.('launch', { executablePath });
      return browser;
    })();
    return this.browser;
  }

  /** Kills the current browser outright (a hung one may not answer a polite close). */
  private kill(): void {
    const pids = processTree(this.marker);
    this.browser = null;
    this.idle.length = 0;
    this.generation++;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  private async acquire(): Promise<Slot> {
    while (this.active >= this.options.maxContexts) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      const reusable = this.idle.pop();
      if (reusable && reusable.generation === this.generation) return reusable;
      if (reusable) await reusable.context.close().catch(() => {});
      const browser = await this.launch();
      const context = await browser.newContext({ userAgent: this.options.userAgent, serviceWorkers: 'block', viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
      return { context, pages: 0, generation: this.generation };
    } catch (err) {
      this.release();
      throw err;
    }
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private async giveBack(slot: Slot, healthy: boolean): Promise<void> {
    try {
      slot.pages++;
      if (!healthy || slot.generation !== this.generation || slot.pages >= this.options.pagesPerContext || this.closed) {
        if (healthy && slot.pages >= this.options.pagesPerContext) this.options.onEvent?.('recycle-context', { pages: slot.pages });
        await slot.context.close().catch(() => {});
      } else {
        this.idle.push(slot);
      }
      if (healthy && this.active === 1 && this.memoryBytes() > this.options.maxBrowserMemoryMb * 1024 * 1024) {
        this.options.onEvent?.('recycle-memory', { bytes: this.memoryBytes() });
        const browser = this.browser;
        this.browser = null;
        this.idle.length = 0;
        this.generation++;
        await (await browser)?.close().catch(() => {});
      }
    } finally {
      this.release();
    }
  }

  async render(input: RenderInput): Promise<RenderResult> {
    if (this.closed) throw new RenderFailedError('The render pool is closed');
    const slot = await this.acquire();
    const started = performance.now();
    const deadline = AbortSignal.timeout(this.options.pageTimeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline;
    let page: Page | null = null;
    let healthy = false;
    try {
      page = await slot.context.newPage();
      const work = this.renderIn(page, input, signal, started);
      const aborted = new Promise<never>((_, reject) => {
        const fail = (): void =>
          reject(
            new RenderFailedError(
              deadline.aborted ? `Rendering ${input.url} took longer than RENDER_PAGE_TIMEOUT_MS (${this.options.pageTimeoutMs} ms); the browser was replaced` : 'Rendering was cancelled',
            ),
          );
        if (signal.aborted) fail();
        else signal.addEventListener('abort', fail, { once: true });
      });
      // A crashed browser or renderer process answers nothing more: fail now rather than at the deadline.
      const crashed = new Promise<never>((_, reject) => {
        const fail = (): void => reject(new RenderFailedError(`The browser closed or crashed while rendering ${input.url}; it is replaced and the job retried`));
        page!.once('crash', fail);
        page!.once('close', fail);
      });
      crashed.catch(() => {});
      work.catch(() => {});
      const result = await Promise.race([work, aborted, crashed]);
      healthy = true;
      return result;
    } catch (err) {
      if (deadline.aborted) {
        // A page past its deadline may be stuck in a script loop that a context close cannot interrupt.
        this.options.onEvent?.('hang', { url: input.url });
        this.kill();
      }
      if (err instanceof IngestError) throw err;
      if (/Target page, context or browser has been closed|Browser closed|crash/i.test(String(err)))
        throw new RenderFailedError(`The browser closed or crashed while rendering ${input.url}; it is replaced and the job retried`, err);
      throw new RenderFailedError(`Rendering ${input.url} failed: ${String(err)}`, err);
    } finally {
      await page?.close().catch(() => {});
      await this.giveBack(slot, healthy);
    }
  }

  private async renderIn(page: Page, input: RenderInput, signal: AbortSignal, started: number): Promise<RenderResult> {
    const counts: RequestCounts = { fetched: 0, failed: 0, refused: 0, denied: 0, blocked: {} };
    let inflight = 0;
    let lastActivity = performance.now();
    let servedDocument = false;
    const settle = (): void => {
      inflight--;
      lastActivity = performance.now();
    };
    const handle = async (route: Route): Promise<void> => {
      const request = route.request();
      const url = request.url();
      inflight++;
      lastActivity = performance.now();
      try {
        if (!servedDocument && request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          servedDocument = true;
          await route.fulfill({ status: input.document.status, headers: fulfilHeaders(input.document.headers), body: input.document.body });
          return;
        }
        if (!/^https?:/i.test(url) || request.method() !== 'GET') {
          counts.denied++;
          await route.abort('blockedbyclient');
          return;
        }
        const reason = blockReason(url, request.resourceType(), input.url, this.options.block);
        if (reason) {
          counts.blocked[reason] = (counts.blocked[reason] ?? 0) + 1;
          await route.abort('blockedbyclient');
          return;
        }
        let res: FetchedResource;
        try {
          res = await this.options.fetchResource(url, { signal, resourceType: request.resourceType() });
        } catch (err) {
          if (err instanceof IngestError && err.code === 'BLOCKED_NETWORK') {
            counts.refused++;
            await route.abort('blockedbyclient');
          } else {
            counts.failed++;
            await route.abort('failed');
          }
          return;
        }
        counts.fetched++;
        await route.fulfill({ status: res.status, headers: fulfilHeaders(res.headers), body: res.body });
      } catch {
        // The page closed while this request was answered: nothing left to answer.
      } finally {
        settle();
      }
    };
    // Scripts build the article after their data arrives: the page is settled only when the DOM
    // has stopped changing too, not just the network (under load, the gap between a response and
    // the DOM update it causes can outlast QUIET_MS).
    await page.addInitScript(() => {
      const mark = () => ((window as unknown as { __ingestMutatedAt: number }).__ingestMutatedAt = Date.now());
      mark();
      new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const domQuietFor = async (): Promise<number> => {
      const at = await page.evaluate(() => (window as unknown as { __ingestMutatedAt?: number }).__ingestMutatedAt ?? 0).catch(() => 0);
      return Date.now() - at;
    };
    await page.route('**/*', handle);
    await page.routeWebSocket(/.*/, (ws) => {
      counts.denied++;
      void ws.close();
    });
    try {
      await page.goto(input.url, { waitUntil: 'load', timeout: this.options.pageTimeoutMs });
    } catch (err) {
      // A load event that never comes (a hanging image) still leaves a usable DOM.
      if (signal.aborted || !/Timeout/i.test(String(err))) throw err;
    }
    await waitQuiet(
      () => inflight,
      () => lastActivity,
      domQuietFor,
      signal,
    );
    const consent = await closeConsent(page);
    if (consent) {
      lastActivity = performance.now();
      await waitQuiet(
        () => inflight,
        () => lastActivity,
        domQuietFor,
        signal,
      );
    }
    const html = await page.content();
    const screenshot = input.screenshot ? await page.screenshot({ type: 'png', timeout: 5_000 }) : null;
    return { html, finalUrl: page.url(), consent, screenshot, requests: counts, durationMs: Math.round(performance.now() - started) };
  }

  /** Safe to call twice; closes only the browser this pool started. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    for (const slot of this.idle.splice(0)) await slot.context.close().catch(() => {});
    if (browser) {
      const b = await browser.catch(() => null);
      const done = b ? b.close().catch(() => {}) : Promise.resolve();
      const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5_000).unref())]);
      if (timedOut) this.kill();
    }
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/** Scripts that fetch their content (XHR after load, timers) are done when no request has been open for a moment. */
/**
 * Until no request is in flight and neither the network nor the DOM has changed for QUIET_MS. A
 * DOM that never stops changing (tickers, carousels) is waited for at most DOM_SETTLE_MAX_MS, so
 * such pages are snapshotted rather than run into the page deadline.
 */
async function waitQuiet(inflight: () => number, lastActivity: () => number, domQuietFor: () => Promise<number>, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (signal.aborted) return;
    const domSettled = performance.now() - started >= DOM_SETTLE_MAX_MS || (await domQuietFor()) >= QUIET_MS;
    if (inflight() === 0 && performance.now() - lastActivity() >= QUIET_MS && domSettled) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { BrowserMissingError };
