import type { Document } from 'domhandler';

export type { Document };

export interface ExtractOptions {
  /** Cross-site template hook: return true when a block with this fingerprint is known boilerplate for the host. */
  isBoilerplate?: (fingerprint: string) => boolean;
  /** Budget for one page; beyond it return what you have with reason 'timeout' (text may be partial). Default 2000 ms. */
  timeBudgetMs?: number;
  /** What the page's metadata says the article is: agreement with it raises the confidence. */
  metadata?: { title?: string | null; description?: string | null };
  /** Max input size in chars processed (default 5_000_000); larger inputs are truncated before parsing. */
  maxChars?: number;
}

export type BlockType = 'heading' | 'paragraph' | 'list' | 'quote' | 'table' | 'code' | 'caption';

export interface Block {
  type: BlockType;
  text: string;
  level?: number;
  items?: string[];
  /** Table rows as cells, for markdown rendering. */
  rows?: string[][];
  fingerprint: string;
}

export interface ExtractedImage {
  src: string;
  alt: string;
  caption: string;
  credit: string;
}

export interface ExtractedArticle {
  title: string;
  text: string;
  blocks: Block[];
  markdown: string;
  images: ExtractedImage[];
  related: { title: string; url: string }[];
  links: { url: string; text: string }[];
  boilerplateFingerprints: string[];
  /** Fingerprints of the blocks kept in `text`: a template change can only alter the page through these. */
  keptFingerprints: string[];
  /** 0..1: how sure the extractor is that `text` is the page's article (see confidence.ts). */
  confidence: number;
  reason?: string;
  stats: { blocksRemovedInPage: number; blocksRemovedByTemplate: number; parseMs: number; extractMs: number };
}
