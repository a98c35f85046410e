import { loadConfig } from '@ingest/config';
import { runService } from '@ingest/runtime';

// Enrichment became a step of the extract stage (one path per page): "enricher" is kept as an alias
// of the extractor so that deployments naming it keep working. Only main.ts reads process.env.
process.emitWarning('The enricher service is now part of the extractor; run "extractor" instead.', 'DeprecationWarning');
await runService(loadConfig(process.env), 'extractor', { stages: ['extract'], api: false });
