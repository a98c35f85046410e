import { describe, expect, it } from 'vitest';
import { failureOf, STALLED_REASON } from '../src/failure.ts';

describe('failureOf, the one reader of a failed job', () => {
  it('takes the recorded code and the registry verdict, never the reason text', () => {
    expect(failureOf({ failedReason: 'HTTP_GONE: answered 410', progress: { failure: { code: 'HTTP_GONE', message: 'answered 410' } } })).toEqual({
      code: 'HTTP_GONE',
      message: 'answered 410',
      retryable: false,
    });
    expect(failureOf({ failedReason: 'HTTP_GONE: answered 410', progress: 0 })).toEqual({ code: 'INTERNAL', message: 'HTTP_GONE: answered 410', retryable: true });
  });

  it('calls a job BullMQ failed for stalling STALLED, whatever an earlier attempt recorded', () => {
    expect(failureOf({ failedReason: STALLED_REASON, progress: { failure: { code: 'TIMEOUT', message: 'slow' } } })).toEqual({ code: 'STALLED', message: STALLED_REASON, retryable: true });
  });

  it('refuses a recorded code the registry does not know, and is null for a job that never failed', () => {
    expect(failureOf({ failedReason: 'x', progress: { failure: { code: 'NOT_A_CODE', message: 'x' } } })?.code).toBe('INTERNAL');
    expect(failureOf({ failedReason: '', progress: { failure: { code: 'TIMEOUT', message: 'old' } } })).toBeNull();
  });
});
