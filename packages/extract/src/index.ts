import type { Document } from 'domhandler';
import type { ExtractedArticle, ExtractOptions } from './types.ts';
import { checkInput, parseHtml } from './parse.ts';
import { emptyArticle, extractFromDocument } from './extract.ts';

export type { Block, BlockType, ExtractedArticle, ExtractedImage, ExtractOptions } from './types.ts';
export { parseHtml } from './parse.ts';
export { blockFingerprint } from './fingerprint.ts';
export { scanLinks } from './scan-links.ts';

const DEFAULT_MAX_CHARS = 5_000_000;

/**
 * Main-content extraction. Never throws: problems are reported in `reason`
 * ('empty-input', 'not-html', 'no-article', 'timeout', 'error').
 * A Document passed in is only read, never mutated.
 */
export function extractArticle(input: string | Document, url: string, options: ExtractOptions = {}): ExtractedArticle {
  const start = performance.now();
  let parseMs = 0;
  try {
    let doc: Document;
    if (typeof input === 'string') {
      const max = options.maxChars ?? DEFAULT_MAX_CHARS;
      const html = input.length > max ? input.slice(0, max) : input;
      const problem = checkInput(html);
      if (problem !== undefined) return emptyArticle(problem);
      doc = parseHtml(html);
      parseMs = performance.now() - start;
    } else if (input !== null && typeof input === 'object' && Array.isArray(input.children)) {
      doc = input;
    } else {
      return emptyArticle('empty-input');
    }
    return extractFromDocument(doc, url, options, parseMs, start);
  } catch {
    // A bug must cost one page, not the worker: report it like any other unusable page.
    return emptyArticle('error', parseMs, performance.now() - start - parseMs);
  }
}
