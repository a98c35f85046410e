import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeWacz } from '@ingest/warc';
import { defineRoute, type AnyRoute } from '../route.ts';
import type { RouteDeps } from './deps.ts';

export const WACZ_CONTENT_TYPE = 'application/wacz';

/** The archive as a WACZ package, what `ingest export --wacz FILE` writes, for a CLI that reaches only the API. */
export function waczRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      operationId: 'exportWacz',
      method: 'GET',
      path: '/api/v1/export/wacz',
      scope: 'read',
      tag: 'documents',
      summary: 'The raw archive (every capture, or one source’s) as a WACZ 1.1 package',
      description: 'Built in a temporary file next to S3, then streamed. Headers x-wacz-captures, x-wacz-pages, x-wacz-warc-bytes and x-wacz-bytes summarise it.',
      query: z.object({ source: z.string().min(1).optional().describe("Only this source's captures") }).default({}),
      responses: { 200: { description: 'The WACZ (a zip)', contentType: WACZ_CONTENT_TYPE } },
      handler: async ({ query, reply }) => {
        const dir = await mkdtemp(join(tmpdir(), 'ingest-wacz-'));
        const file = join(dir, 'archive.wacz');
        try {
          const summary = await writeWacz(file, deps.archive.captures(query.source ? { sourceId: query.source } : {}), {
            title: query.source ? `ingest source ${query.source}` : 'ingest archive',
            software: 'ingest',
          });
          const stream = createReadStream(file);
          // The temporary file goes once sent, or once the client goes away.
          stream.on('close', () => void rm(dir, { recursive: true, force: true }));
          return reply
            .type(WACZ_CONTENT_TYPE)
            .header('content-length', String(summary.bytes))
            .header('x-wacz-captures', String(summary.captures))
            .header('x-wacz-pages', String(summary.pages))
            .header('x-wacz-warc-bytes', String(summary.warcBytes))
            .header('x-wacz-bytes', String(summary.bytes))
            .send(stream);
        } catch (err) {
          await rm(dir, { recursive: true, force: true });
          throw err;
        }
      },
    }),
  ];
}
