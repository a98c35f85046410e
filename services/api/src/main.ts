import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The operator API, queue dashboard, metrics and search UI. Only main.ts reads process.env.
await runService(loadConfig(process.env), 'api', { stages: [], api: true });
