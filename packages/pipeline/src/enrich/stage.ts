import { documentKey } from '@ingest/archive';
import type { EnrichJob, StageResult } from '@ingest/contracts';
import { enrichText } from '@ingest/enrich';
import { jobId, shortHash, type StageContext } from '@ingest/queue';
import type { PipelineDeps } from '../deps.ts';
import type { ExtractedRecord } from '../extract/record.ts';
import { buildDocument } from './build-document.ts';

/** enrich: language, entities, key phrases and counts from the text; the document goes to S3. */
export async function enrichStage(deps: PipelineDeps, job: EnrichJob, _ctx: StageContext): Promise<StageResult> {
  const record = await deps.archive.getJson<ExtractedRecord>(job.extractedKey);
  const enrichment = enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language });
  const clusterId = deps.dedupe ? await deps.dedupe.clusterOf(record.docId, record.text) : undefined;
  const doc = buildDocument(record, enrichment, clusterId);
  const key = documentKey(doc.id, job.contentDigest);
  await deps.archive.putJson(key, doc);
  await deps.queues.add(
    'index',
    { op: 'upsert', docId: doc.id, documentKey: key, contentDigest: job.contentDigest, version: doc.version },
    // The document hash lets a re-extracted (template) or re-clustered document be indexed again.
    jobId('index', doc.id, job.contentDigest.slice(0, 32), shortHash(JSON.stringify(doc), 12)),
  );
  return { outcome: 'done', docId: doc.id };
}
