import { z } from 'zod';
import { runUrls } from '@ingest/ops';
import { lastAuditReport, repairLost, runAudit, type AuditDeps } from '@ingest/pipeline';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const lastError = z.object({ queue: z.string(), jobId: z.string().nullable(), code: z.string(), message: z.string(), at: z.string().nullable() }).meta({ id: 'AuditLastError' });
const lostPage = z
  .object({
    url: z.string(),
    fetchJobId: z.string(),
    docId: z.string().nullable(),
    stage: z.enum(['fetch', 'render', 'extract', 'index']).describe('The last stage the page reached'),
    lastError: lastError.nullable().describe('Why its chain stopped; null when no job failed (a hand-off was lost)'),
    archived: z.boolean().nullable().describe('Its raw capture is in S3'),
  })
  .meta({ id: 'LostPage' });
const report = z
  .object({
    at: z.string(),
    durationMs: z.number().int(),
    accepted: z.number().int().describe('Distinct URLs with a fetch job in the queue history'),
    indexed: z.number().int(),
    pending: z.number().int().describe('Pages with a job still queued or running'),
    ended: z.record(z.string(), z.number().int()).describe('Pages that ended without a document by design, by code (NO_ARTICLE, HTTP_GONE, ROBOTS_DISALLOWED, …)'),
    lost: z.number().int().describe('Pages accepted, not pending, not ended by design and not indexed'),
    lostPages: z.array(lostPage),
    failedJobs: z.record(z.string(), z.record(z.string(), z.number().int())).describe('Failed jobs still kept, by stage and code'),
    documents: z.number().int(),
    duplicates: z.array(z.object({ url: z.string(), ids: z.array(z.string()) })).describe('URLs more than one document claims'),
    run: z.object({ sourceId: z.string(), runId: z.string().nullable() }).optional().describe('With `source`: the run whose pages were counted'),
  })
  .meta({ id: 'AuditReport' });
const repair = z
  .object({
    requeued: z.array(z.object({ queue: z.string(), jobId: z.string(), url: z.string() })),
    skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
  })
  .meta({ id: 'RepairResult' });
const limit = z.coerce.number().int().min(0).max(100_000).default(100).describe('Lost pages listed (the count is always complete)');

export function auditRoutes(deps: RouteDeps): AnyRoute[] {
  const auditDeps: AuditDeps = {
    redis: deps.redis,
    queues: deps.queues,
    stats: deps.stats,
    searchIndex: deps.searchIndex,
    archive: 'exists' in deps.archive ? deps.archive : undefined,
  };
  return [
    defineRoute({
      operationId: 'getAudit',
      method: 'GET',
      path: '/api/v1/audit',
      scope: 'read',
      tag: 'stats',
      summary: 'Reconcile accepted pages with the index: every page accepted but not indexed, with its last error',
      description:
        "Runs a full audit (pass `cached=true` for the latest periodic one, or null). Exact when the pipeline is idle; pages still in flight count as pending. With `source` (and `runId`, default its latest run) the counts and lost pages are those of that run's pages.",
      query: z
        .object({
          limit,
          cached: z.enum(['true', 'false']).default('false'),
          source: z.string().min(1).optional().describe("Only this source's run"),
          runId: z.string().min(1).optional().describe('The run of `source` (default: its latest)'),
        })
        .default({ limit: 100, cached: 'false' }),
      responses: { 200: { description: 'Audit report', schema: report.nullable() }, 404: { description: 'No such source or run' } },
      handler: async ({ query }) => {
        if (query.source) {
          const { runId, outcomes } = await runUrls(deps, query.source, query.runId);
          const r = await runAudit(auditDeps, { only: new Set(Object.keys(outcomes)) });
          return { ...r, lostPages: r.lostPages.slice(0, query.limit), run: { sourceId: query.source, runId } };
        }
        const r = query.cached === 'true' ? await lastAuditReport(auditDeps) : await runAudit(auditDeps);
        return r ? { ...r, lostPages: r.lostPages.slice(0, query.limit) } : null;
      },
    }),
    defineRoute({
      operationId: 'repairAudit',
      method: 'POST',
      path: '/api/v1/audit/repair',
      scope: 'write',
      tag: 'stats',
      summary: 'Audit, then re-drive every lost page (failed jobs re-added under their own ids, broken chains fetched again)',
      responses: { 200: { description: 'The audit before the repair and what was re-enqueued', schema: z.object({ audit: report, repair }) } },
      handler: async () => {
        const audit = await runAudit(auditDeps);
        const result = await repairLost(auditDeps, audit.lostPages);
        return { audit: { ...audit, lostPages: audit.lostPages.slice(0, 100) }, repair: result };
      },
    }),
  ];
}
