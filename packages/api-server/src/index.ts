export { buildApi, type ApiDeps } from './app.ts';
export { pipelineStatus, type PipelineStatus } from './status.ts';
export { keyMatches, presentedKey } from './auth.ts';
