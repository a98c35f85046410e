import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The fetcher service: the fetch stage's worker. Only main.ts reads process.env.
await runService(loadConfig(process.env), 'fetcher', { stages: ['fetch'], api: false });
