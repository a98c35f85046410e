import type { RelatedItem } from '@ingest/contracts';
import type { PageMetadata, RobotsDirectives, TdmReservation } from '@ingest/metadata';

/** What decode, parse, metadata and article extraction make of a page (processHtml); the document is built from it. */
export interface ExtractedRecord {
  docId: string;
  url: string;
  finalUrl: string;
  canonicalUrl: string;
  archiveKey: string;
  /** A screenshot taken when the page was rendered. */
  screenshotKey?: string;
  contentDigest: string;
  fetchedAt: string;
  charset: string;
  metadata: PageMetadata;
  /** Robots meta and X-Robots-Tag together; absent in records stored before it existed. */
  robots?: RobotsDirectives;
  /** TDMRep reservation (headers, then meta); absent in records stored before it existed. */
  tdm?: TdmReservation;
  title: string;
  text: string;
  markdown: string;
  related: RelatedItem[];
  /** The extractor's confidence in `text` (0..1); absent in records stored before it existed. */
  extractionConfidence?: number;
  images: { src: string; alt: string; caption: string; credit: string }[];
  stats: { blocksRemovedInPage: number; blocksRemovedByTemplate: number };
}
