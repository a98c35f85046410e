import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The enricher service: the enrich stage's worker. Only main.ts reads process.env.
await runService(loadConfig(process.env), 'enricher', { stages: ['enrich'], api: false });
