import type { IngestDocument } from '@ingest/contracts';
import type { ClusterAssignment, TemplateOutcome } from '@ingest/dedupe';
import type { TextSignature } from '@ingest/dedupe/minhash';
import { enrichText } from '@ingest/enrich';
import { parseRobots } from '@ingest/metadata';
import { buildDocument } from './build-document.ts';
import { derivedFor } from './derive.ts';
import { processHtml, type ProcessInput, type ProcessResult } from './process-html.ts';

/** A fetched page as every caller has it: the body and what the fetch knew about it. */
export type PageSource = Omit<ProcessInput, 'templateFingerprints' | 'isBoilerplate'>;

/**
 * How the cross-page steps run for this caller: the extract stage learns templates and clusters
 * in Redis and runs the parse in its page pool; reindex reads the live template; `ingest extract`
 * has neither. The order of the steps is processPage's alone.
 */
export interface PageSteps {
  /** Decode, parse, metadata and article with a site template; default: in this thread. */
  extract?: (template: ReadonlySet<string>) => Promise<ProcessResult>;
  /** Site-template dedupe around the extraction; absent = in-page dedupe only. */
  template?: (extract: (template: ReadonlySet<string>) => Promise<ProcessResult>) => Promise<TemplateOutcome<ProcessResult>>;
  /** Near-duplicate cluster of the document; absent = identical texts share a cluster. */
  cluster?: (docId: string, text: string, signature?: TextSignature) => Promise<ClusterAssignment>;
}

export type PageSkipCode = 'NOINDEX' | 'NO_ARTICLE';

/** What one page became: a document, or the typed reason it has none, with the extraction either way. */
export type PageOutcome = ProcessResult & {
  /** The template step's decisions (pages to re-extract, counters), for the caller to act on. */
  template: TemplateOutcome<ProcessResult> | null;
  /** The cluster assignment the document got (null without near-duplicate clustering or document). */
  cluster: ClusterAssignment | null;
} & ({ doc: IngestDocument; skip: null } | { doc: null; skip: { code: PageSkipCode; message: string } });

const NO_TEMPLATE: ReadonlySet<string> = new Set();

/**
 * The one path of a page, used by the extract stage, reindex and `ingest extract` alike, so a
 * change to how a page is processed is made here once. Steps in order: decode, parse, metadata
 * and article (processHtml, possibly in a thread), site-template dedupe, the noindex / no-article
 * decision, enrichment, near-duplicate cluster (once: the template step's assignment is reused
 * when the text did not change since), document.
 */
export async function processPage(source: PageSource, steps: PageSteps = {}): Promise<PageOutcome> {
  const extract = steps.extract ?? ((template) => Promise.resolve(processHtml({ ...source, templateFingerprints: [...template] })));
  const template = steps.template ? await steps.template(extract) : null;
  const result = template ? template.result : await extract(NO_TEMPLATE);
  const { record, article } = result;
  const base = { record, article, template };
  const derived = derivedFor(result.derived, record);

  if (record.robots?.noindex) {
    const by = source.robotsTag && parseRobots([source.robotsTag]).noindex ? 'X-Robots-Tag' : 'robots meta';
    return { ...base, cluster: null, doc: null, skip: { code: 'NOINDEX', message: `${by} says noindex` } };
  }
  if (record.text.trim() === '') return { ...base, cluster: null, doc: null, skip: { code: 'NO_ARTICLE', message: article.reason ?? 'no main content found' } };

  const enrichment = derived?.enrichment ?? enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language });
  let cluster: ClusterAssignment | null = null;
  if (steps.cluster) {
    const learned = template?.cluster;
    // Reused only for the same text; a joining document is assigned again so its join is counted once.
    cluster = learned && learned.text === record.text && !learned.assignment.joined ? learned.assignment : await steps.cluster(record.docId, record.text, derived?.signature);
  }
  return { ...base, cluster, doc: buildDocument(record, enrichment, cluster?.clusterId), skip: null };
}
