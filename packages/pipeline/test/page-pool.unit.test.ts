import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '@ingest/testing';
import { textSignature } from '@ingest/dedupe';
import { enrichText } from '@ingest/enrich';
import { PagePool, processHtml, processHtmlInPool, processPage, type PageInput } from '../src/index.ts';

const base = {
  url: 'http://pool.test/a',
  finalUrl: 'http://pool.test/a',
  contentType: 'text/html; charset=utf-8',
  archiveKey: 'raw/a',
  contentDigest: '0'.repeat(64),
  fetchedAt: '2026-01-01T00:00:00.000Z',
  templateFingerprints: [] as string[],
};
const SENTENCES = [
  'The harbour council approved the plan to rebuild the northern breakwater after last winter.',
  'Engineers intend to reuse most of the original granite blocks and add a concrete core.',
  'Fishermen welcomed the plan but asked for a temporary mooring while the works go on.',
  'The works are expected to start next spring and to last for about two years in total.',
];
const article = (title: string) =>
  `<html><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${title}</h1>${SENTENCES.map((s) => `<p>${s}</p>`).join('')}</article></body></html>`;
const page = (body: string | Buffer): PageInput => ({ ...base, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });

describe('PagePool', () => {
  const BUDGET_MS = 1500;
  let pool: PagePool;

  beforeAll(async () => {
    pool = new PagePool({ size: 2, pageBudgetMs: BUDGET_MS, maxMemoryMb: 256 });
    await pool.warmUp();
  });
  afterAll(() => pool.close());

  it('gives the same result as processHtml in-process, template included', async () => {
    const input = page(article('Breakwater to be rebuilt'));
    const inPool = await processHtmlInPool(pool, input);
    const direct = processHtml(input);
    expect(inPool.record).toEqual(direct.record);
    expect(inPool.article.blocks).toEqual(direct.article.blocks);
    expect(inPool.record.text).toContain('granite blocks');

    const fp = inPool.article.blocks.find((b) => b.text.includes('temporary mooring'))!.fingerprint;
    const withTemplate = await processHtmlInPool(pool, { ...input, templateFingerprints: [fp] });
    expect(withTemplate.record.text).not.toContain('temporary mooring');
    expect(withTemplate.record).toEqual(processHtml({ ...input, templateFingerprints: [fp] }).record);
    // The caller's body is copied, not detached: it can be processed again (template re-runs).
    expect(input.body.length).toBeGreaterThan(0);
  });

  it('stops a hostile page at its budget while a normal page beside it completes and the event loop stays free', async () => {
    const started = pool.threadsStarted;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = performance.now();
    // ~1 MB of unclosed nesting: in-process this costs many CPU-seconds in one synchronous parse.
    const hostile = failure(processHtmlInPool(pool, page('<div><span>x'.repeat(90_000)))).then((err) => ({ err, at: performance.now() }));
    const normal = processHtmlInPool(pool, page(article('Normal page beside a hostile one'))).then((r) => ({ r, at: performance.now() }));

    const n = await normal;
    const h = await hostile;
    lag.disable();
    expect(n.r.record.title).toBe('Normal page beside a hostile one');
    expect(n.at).toBeLessThan(h.at);
    expect(h.err.code).toBe('PAGE_BUDGET_EXCEEDED');
    expect(h.err.permanent).toBe(true);
    expect(h.err.details).toMatchObject({ reason: 'time', pageBudgetMs: BUDGET_MS });
    expect(h.err.message).toContain('EXTRACT_PAGE_BUDGET_MS');
    // Ended by its deadline, not by the parse finishing (which takes far longer than the budget).
    expect(h.at - t0).toBeGreaterThanOrEqual(BUDGET_MS - 50);
    expect(h.at - t0).toBeLessThan(BUDGET_MS * 4);
    // The parse ran on another thread: the main loop was never blocked for anything like the budget.
    expect(lag.max / 1e6).toBeLessThan(BUDGET_MS);

    // The stopped thread was replaced at once and the pool keeps serving.
    expect(pool.threadsStarted).toBe(started + 1);
    const after = await processHtmlInPool(pool, page(article('After the hostile page')));
    expect(after.record.title).toBe('After the hostile page');
  });

  it('stops deeply nested tables the same way', async () => {
    const tables = '<table><tr><td>cell '.repeat(120_000);
    const err = await failure(processHtmlInPool(pool, page(tables)));
    expect(err.code).toBe('PAGE_BUDGET_EXCEEDED');
  });
});

describe('PagePool memory limit', () => {
  it('a page needing more than the thread heap limit fails with the budget code, not the process', async () => {
    const small = new PagePool({ size: 1, pageBudgetMs: 120_000, maxMemoryMb: 32 });
    try {
      // ~8 MB of flat markup: quick to parse but a DOM far larger than 32 MB.
      const err = await failure(processHtmlInPool(small, page('<html><body>' + '<p class="c">word word</p>'.repeat(300_000))));
      expect(err.code).toBe('PAGE_BUDGET_EXCEEDED');
      expect(err.details).toMatchObject({ reason: 'memory', maxMemoryMb: 32 });
      expect(err.message).toContain('EXTRACT_PAGE_MAX_MEMORY_MB');
      // A fresh thread under the same limit handles an ordinary page.
      const ok = await processHtmlInPool(small, page(article('Fine after the memory hog')));
      expect(ok.record.title).toBe('Fine after the memory hog');
    } finally {
      await small.close();
    }
  });
});

describe('PagePool derived values', () => {
  it('enriches and signs the text in the thread, as the main thread would', async () => {
    const derivePool = new PagePool({ size: 1, pageBudgetMs: 120_000, maxMemoryMb: 256 });
    try {
      const input = page(article('Breakwater plan approved'));
      const inPool = await processHtmlInPool(derivePool, input);
      const { record } = processHtml(input);
      expect(inPool.derived?.text).toBe(record.text);
      expect(inPool.derived?.enrichment).toEqual(enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language }));
      const main = textSignature(record.text);
      // Back from the thread as a Buffer (structured clone makes a plain Uint8Array), as Redis needs.
      expect(Buffer.isBuffer(inPool.derived?.signature.bytes ?? null) || main.bytes === null).toBe(true);
      expect(inPool.derived?.signature).toEqual(main);
    } finally {
      await derivePool.close();
    }
  });

  it('leaves it to the main thread when the heap limit has no room for the language models', async () => {
    const small = new PagePool({ size: 1, pageBudgetMs: 120_000, maxMemoryMb: 64 });
    try {
      expect((await processHtmlInPool(small, page(article('No room'))))?.derived).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  it('processPage uses derived values only for the text they were computed on', async () => {
    const input = page(article('Harbour works to start in spring'));
    const result = processHtml(input);
    const marker = { ...enrichText({ title: 'x', text: 'y', declaredLanguage: null }), keywords: ['from-the-thread'] };
    const derived = { text: result.record.text, title: result.record.title, enrichment: marker, signature: textSignature(result.record.text) };
    const same = await processPage(input, { extract: () => Promise.resolve({ ...result, derived }) });
    expect(same.doc?.keywords).toEqual(['from-the-thread']);
    const stale = await processPage(input, { extract: () => Promise.resolve({ ...result, derived: { ...derived, text: 'another text' } }) });
    expect(stale.doc?.keywords).not.toEqual(['from-the-thread']);
  });
});
