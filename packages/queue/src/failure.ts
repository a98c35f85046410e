import type { Job } from 'bullmq';
import { ERROR_CODES, type ErrorCode } from '@ingest/errors';

/** Why a job failed, as every reader (API, CLI, audit, source runs) sees it. */
export interface JobFailure {
  code: ErrorCode;
  message: string;
  /** The registry's call on the code: whether running the job again can succeed. */
  retryable: boolean;
}

/**
 * BullMQ's own reason for a job that stalled more than maxStalledCount times (its
 * moveStalledJobsToWait script). No processor ran to record a code, so this text is the signal.
 */
export const STALLED_REASON = 'job stalled more than allowable limit';

interface Recorded {
  failure?: { code?: unknown; message?: unknown };
}

function isCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

function failure(code: ErrorCode, message: string): JobFailure {
  return { code, message, retryable: !ERROR_CODES[code].permanent };
}

/**
 * Records a failure's code with the job, before the job is failed: BullMQ keeps only a reason
 * string, and the code must not be parsed back out of prose. It goes in the job's progress field,
 * which BullMQ loads with every job and the stages use for nothing else; each failed attempt
 * overwrites it, so it is always the latest.
 */
export async function recordJobFailure(job: Job, code: ErrorCode, message: string): Promise<void> {
  await job.updateProgress({ failure: { code, message } });
}

/**
 * The one reader of a job's failure: null for a job with no failed attempt. A job failed by
 * BullMQ itself (stalled past the limit) is STALLED whatever an earlier attempt recorded; a
 * failure with no recorded code (a lost lock, a job failed before codes were recorded) is INTERNAL.
 */
export function failureOf(job: Pick<Job, 'failedReason' | 'progress'>): JobFailure | null {
  const reason = job.failedReason;
  if (!reason) return null;
  if (reason === STALLED_REASON) return failure('STALLED', reason);
  const recorded = job.progress && typeof job.progress === 'object' ? (job.progress as Recorded).failure : undefined;
  if (recorded && isCode(recorded.code)) return failure(recorded.code, typeof recorded.message === 'string' ? recorded.message : reason);
  return failure('INTERNAL', reason);
}
