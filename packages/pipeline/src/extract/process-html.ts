import { extractArticle, parseHtml, type ExtractedArticle } from '@ingest/extract';
import { decodeHtml } from '@ingest/fetch';
import { extractMetadata, mergeRobots, parseRobots } from '@ingest/metadata';
import { documentId } from '@ingest/urls';
import { chooseCanonical } from './canonical.ts';
import type { ExtractedRecord } from './record.ts';

export interface ProcessInput {
  body: Buffer;
  url: string;
  finalUrl: string;
  contentType: string | null;
  archiveKey: string;
  contentDigest: string;
  fetchedAt: string;
  isBoilerplate?: (fingerprint: string) => boolean;
  /** The response's X-Robots-Tag header, honoured beside the page's robots meta. */
  robotsTag?: string | null;
}

/**
 * The pure part of extraction, shared by the extract stage and `ingest extract`: decode the
 * charset, parse once, read metadata, then the article, from the same DOM.
 */
export function processHtml(input: ProcessInput): { record: ExtractedRecord; article: ExtractedArticle } {
  const { html, charset } = decodeHtml(input.body, input.contentType);
  const dom = parseHtml(html);
  // Metadata reads the DOM before the extractor, which may prune it.
  const metadata = extractMetadata(dom, input.finalUrl);
  const article = extractArticle(dom, input.finalUrl, {
    metadata: { title: metadata.title, description: metadata.description },
    ...(input.isBoilerplate ? { isBoilerplate: input.isBoilerplate } : {}),
  });
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
