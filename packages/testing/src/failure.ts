import { IngestError } from '@ingest/errors';

/** The IngestError a promise rejects with; anything else (or no rejection) fails the test. */
export async function failure(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}
