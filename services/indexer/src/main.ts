import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The indexer service: the index stage's worker. Only main.ts reads process.env.
await runService(loadConfig(process.env), 'indexer', { stages: ['index'], api: false });
