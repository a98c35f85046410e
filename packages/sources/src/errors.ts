import { SOURCE_ERROR_CODES, type SourceErrorCode } from '@ingest/errors';

export type { SourceErrorCode };

/** A source problem with a code an operator can look up; never crashes the discover worker. */
export class SourceError extends Error {
  override name = 'SourceError';
  readonly code: SourceErrorCode;
  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
  get hint(): string {
    return SOURCE_ERROR_CODES[this.code];
  }
}
