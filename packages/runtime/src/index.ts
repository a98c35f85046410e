export { connect, requireUrl, type Connections } from './connect.ts';
export { ensureEmbeddedStack, choosePort, type EmbeddedStack, type PortChoice } from './embedded-stack.ts';
export { startPipelineProcess, type PipelineProcess, type PipelineProcessOptions } from './pipeline-process.ts';
export {
  readStackFile,
  writeStackFile,
  removeStackFile,
  withStack,
  secretFiles,
  stackFilePath,
  stackQueuePrefix,
  readStackId,
  ensureStackId,
  localQueuePrefix,
  hasLegacyData,
  liveStackFile,
  type StackFile,
} from './stack-file.ts';
export { readServiceRecord, recordServices, serviceRecordPath, type ServiceRecord, type ServiceEntry } from './service-record.ts';
export { persistentSecret, readSecret } from './secrets.ts';
export { runService } from './service.ts';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.ts';
export { observeFetches } from './observe-fetches.ts';
export { siteDiscovery, type DiscoverSite } from './site-discovery.ts';
