import { blockFingerprint, extractArticle, parseHtml, type ExtractedArticle } from '@ingest/extract';
// The narrow entry: even @ingest/charset's index loads more than a page thread needs at start-up.
import { decodeHtml } from '@ingest/charset/decode-html';
import { extractMetadata, extractTdm, mergeRobots, pageTitleAffixes, parseRobots, type TdmHeaders } from '@ingest/metadata';
import { documentId } from '@ingest/urls';
import { chooseCanonical } from './canonical.ts';
import type { PageDerived } from './derive.ts';
import type { ExtractedRecord } from './record.ts';

export interface ProcessInput {
  body: Buffer;
  url: string;
  finalUrl: string;
  contentType: string | null;
  archiveKey: string;
  contentDigest: string;
  fetchedAt: string;
  /** Block fingerprints known as the host's template (boilerplate); plain data, so it crosses to a worker thread. */
  templateFingerprints?: readonly string[];
  /** Same as templateFingerprints as a predicate, for in-process callers; wins when both are given. */
  isBoilerplate?: (fingerprint: string) => boolean;
  /** The response's X-Robots-Tag header, honoured beside the page's robots meta. */
  robotsTag?: string | null;
  /** The response's TDMRep headers; they take precedence over the page's tdm-* meta tags. */
  tdmHeaders?: TdmHeaders | undefined;
}

export interface ProcessResult {
  record: ExtractedRecord;
  article: ExtractedArticle;
  /** Enrichment and signature of record's text, when the page thread computed them with it. */
  derived?: PageDerived;
}

function boilerplatePredicate(input: ProcessInput): ((fp: string) => boolean) | undefined {
  if (input.isBoilerplate) return input.isBoilerplate;
  if (!input.templateFingerprints || input.templateFingerprints.length === 0) return undefined;
  const template = new Set(input.templateFingerprints);
  return (fp) => template.has(fp);
}

/**
 * A title affix counts in the host's template like a block: once most of a host's pages share
 * it ("… – My website"), it is the site's and is stripped from titles. The prefix keeps it apart
 * from block fingerprints (14 hex digits).
 */
export function titleAffixFingerprint(segment: string): string {
  return `t${blockFingerprint(segment)}`;
}

/**
 * The pure part of extraction, shared by the extract stage and `ingest extract`: decode the
 * charset, parse once, read metadata, then the article, from the same DOM. Synchronous and
 * unbounded in CPU and memory: the extract stage runs it in the page pool (page-pool.ts).
 */
export function processHtml(input: ProcessInput): ProcessResult {
  const { html, charset } = decodeHtml(input.body, input.contentType);
  const dom = parseHtml(html);
  // Metadata reads the DOM before the extractor, which may prune it.
  const isBoilerplate = boilerplatePredicate(input);
  const metadata = extractMetadata(dom, input.finalUrl, isBoilerplate ? { isSiteAffix: (segment) => isBoilerplate(titleAffixFingerprint(segment)) } : {});
  const extracted = extractArticle(dom, input.finalUrl, {
    metadata: { title: metadata.title, description: metadata.description },
    ...(isBoilerplate ? { isBoilerplate } : {}),
  });
  // counted first: the template step considers a bounded number of a page's fingerprints
  const article: ExtractedArticle = { ...extracted, boilerplateFingerprints: [...pageTitleAffixes(dom).map(titleAffixFingerprint), ...extracted.boilerplateFingerprints] };
  const canonicalUrl = chooseCanonical(input.finalUrl, metadata.canonicalUrl);
  const record: ExtractedRecord = {
    docId: documentId(canonicalUrl),
    url: input.url,
    finalUrl: input.finalUrl,
    canonicalUrl,
    archiveKey: input.archiveKey,
    contentDigest: input.contentDigest,
    fetchedAt: input.fetchedAt,
    charset,
    metadata,
    // the page's robots meta and the X-Robots-Tag header each may forbid; either is enough
    robots: mergeRobots(metadata.robots, parseRobots([input.robotsTag])),
    tdm: extractTdm(dom, input.finalUrl, input.tdmHeaders),
    title: metadata.title ?? article.title,
    text: article.text,
    markdown: article.markdown,
    related: article.related,
    images: article.images,
    extractionConfidence: article.confidence,
    stats: { blocksRemovedInPage: article.stats.blocksRemovedInPage, blocksRemovedByTemplate: article.stats.blocksRemovedByTemplate },
  };
  return { record, article };
}
