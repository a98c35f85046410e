export { reindex, targetUid, type ReindexDeps, type ReindexOptions, type ReindexProgress, type ReindexReport, type ReindexPhase } from './reindex.ts';
export { replayResponse, type ReplayHooks, type ReplayResult } from './replay.ts';
export { CheckpointStore, type Checkpoint } from './checkpoint.ts';
export { ReindexError, type ReindexErrorCode } from './errors.ts';
