/** Why a reindex did not finish; `ABORTED` and a crash leave a checkpoint the next run continues from. */
export type ReindexErrorCode = 'LOCKED' | 'ABORTED';

export class ReindexError extends Error {
  override name = 'ReindexError';
  readonly code: ReindexErrorCode;

  constructor(code: ReindexErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
