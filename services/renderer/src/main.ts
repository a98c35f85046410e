import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// The renderer service: the render stage's worker (Chromium, started on its first page). Only main.ts reads process.env.
await runService(loadConfig(process.env), 'renderer', { stages: ['render'], api: false });
