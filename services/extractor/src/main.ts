import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The extractor service: the extract stage's worker. Only main.ts reads process.env.
await runService(loadConfig(process.env), 'extractor', { stages: ['extract'], api: false });
