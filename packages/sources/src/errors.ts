/** Codes recorded against a source (visible in `ingest sources show`); each says what to do. */
export const SOURCE_ERROR_HINTS = {
  SOURCE_NOT_FOUND: 'No source with this id. List them with `ingest sources list`.',
  SOURCE_EXISTS: 'A source with this id is already registered. Pick another id, or remove the old one first.',
  INVALID_SOURCE: 'The source definition is invalid; fix the fields named in the message.',
  SITEMAP_MALFORMED: 'The sitemap is not a <urlset> or <sitemapindex> document. Check the URL; the rest of the source still runs.',
  FEED_MALFORMED: 'The feed is not RSS 2.0, Atom or JSON Feed. Check the URL; the rest of the source still runs.',
  DOCUMENT_TOO_LARGE: 'The sitemap or feed exceeds the size limit (after decompression); it was not read.',
  URL_LIMIT_REACHED: 'The source listed more URLs than its maxUrls limit; the rest were ignored. Raise the limit if intended.',
  FETCH_FAILED: 'The sitemap or feed could not be fetched; see the message. The next run tries again.',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_HINTS;

/** A source problem with a code an operator can look up; never crashes the discover worker. */
export class SourceError extends Error {
  override name = 'SourceError';
  readonly code: SourceErrorCode;
  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
  get hint(): string {
    return SOURCE_ERROR_HINTS[this.code];
  }
}
