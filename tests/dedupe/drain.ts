import type { PipelineProcess } from '@ingest/runtime';
import { drained as drainedQueues } from '@ingest/testing';

/** The stages this package's tests run (a pipeline without the source-discovery stage). */
export const PIPELINE_STAGES = ['fetch', 'extract', 'index'] as const;

/** Template re-processing enqueues more work after a quiet moment: wait longer and read more often. */
export const drained = (proc: PipelineProcess, timeoutMs = 90_000): Promise<void> => drainedQueues(proc, timeoutMs, 4);
