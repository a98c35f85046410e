import { textSignature, type TextSignature } from '@ingest/dedupe/minhash';
import { enrichText, type Enrichment } from '@ingest/enrich';
import type { ExtractedRecord } from './record.ts';

/**
 * The text-level work on a page's extraction (enrichment, the near-duplicate signature), done in
 * the page thread beside it: on the main thread it was about a sixth of the extract stage's CPU,
 * in the one loop that also runs every job's I/O, while the page threads sat idle. Valid only for
 * the text and title it names: a step that changes them computes its own.
 */
export interface PageDerived {
  text: string;
  title: string;
  enrichment: Enrichment;
  signature: TextSignature;
}

export function derivePage(record: Pick<ExtractedRecord, 'text' | 'title' | 'metadata'>): PageDerived {
  return {
    text: record.text,
    title: record.title,
    enrichment: enrichText({ title: record.title, text: record.text, declaredLanguage: record.metadata.language }),
    signature: textSignature(record.text),
  };
}

/** The derived values of this record, when they were computed for its text and title. */
export function derivedFor(derived: PageDerived | undefined, record: Pick<ExtractedRecord, 'text' | 'title'>): PageDerived | null {
  return derived && derived.text === record.text && derived.title === record.title ? derived : null;
}

/** A signature back from a thread: structured clone turns its Buffer into a plain Uint8Array. */
export function reviveDerived(derived: PageDerived | undefined): PageDerived | undefined {
  const bytes = derived?.signature.bytes;
  if (!derived || !bytes || Buffer.isBuffer(bytes)) return derived;
  const u8 = bytes as Uint8Array;
  return { ...derived, signature: { ...derived.signature, bytes: Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength) } };
}
