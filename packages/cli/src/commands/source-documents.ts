import type { RunDocuments } from '@ingest/ops';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export interface RunDocumentsOptions {
  runId?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of a run's documents: through the API in remote mode, else from the stack's Redis and index. */
async function fetchPage(io: CliIO, sourceId: string, options: RunDocumentsOptions): Promise<RunDocuments> {
  const api = remoteApi(io);
  if (api) return api.json<RunDocuments>('GET', `/api/v1/sources/${encodeURIComponent(sourceId)}/documents`, { query: { runId: options.runId, limit: options.limit, offset: options.offset } });
  const [{ openStack }, ops, { SourceError }] = await Promise.all([import('../context.ts'), import('@ingest/ops'), import('@ingest/sources')]);
  const { conns } = await openStack(io);
  try {
    return await ops.runDocuments(conns, sourceId, options);
  } catch (err) {
    if (err instanceof ops.OperatorError) throw new CliError(`[${err.code}] ${err.message}`, EXIT.failure);
    if (err instanceof SourceError) throw new CliError(`[${err.code}] ${err.message}. ${err.hint}`, EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}

export function formatRunDocuments(page: RunDocuments): string {
  if (!page.runId) return `source ${page.sourceId} has not run yet; start a run with: ingest sources run ${page.sourceId}`;
  const shown = page.documents.length > 0 ? ` (${page.offset + 1}-${page.offset + page.documents.length})` : '';
  const lines = [`run ${page.runId} of ${page.sourceId}: ${page.total} pages${shown}`];
  for (const d of page.documents) {
    const doc = d.indexed ? `${d.documentId}  ${d.title ?? ''}` : `not indexed${d.documentId ? ` (${d.documentId})` : ''}`;
    lines.push(`  ${d.outcome.padEnd(9)} ${d.url}\n      ${doc}`);
  }
  if (page.nextOffset !== null) lines.push(`  … ${page.total - page.nextOffset} more: --offset ${page.nextOffset}`);
  return lines.join('\n');
}

/** `ingest sources documents ID [--run RUN] [--limit N] [--offset N] [--json]`. */
export async function sourceDocuments(io: CliIO, sourceId: string, options: RunDocumentsOptions, json: boolean): Promise<number> {
  const page = await fetchPage(io, sourceId, options);
  println(io.stdout, json ? JSON.stringify(page, null, 2) : formatRunDocuments(page));
  return EXIT.ok;
}
