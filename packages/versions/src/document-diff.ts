import type { IngestDocument } from '@ingest/contracts';
import { countWords, diffWords, type DiffOp } from './diff.ts';

/** Metadata whose change a diff reports, besides title and body. */
const FIELDS = ['description', 'authors', 'publishedAt', 'modifiedAt', 'section', 'tags', 'language', 'siteName', 'canonicalUrl'] as const;

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What a webhook carries and a list shows: how much changed, not the change itself. */
export interface DiffSummary {
  titleChanged: boolean;
  wordsAdded: number;
  wordsRemoved: number;
  fieldsChanged: string[];
}

export interface DocumentDiff {
  title: { from: string; to: string } | null;
  fields: FieldChange[];
  body: DiffOp[];
  summary: DiffSummary;
}

type Diffable = Pick<IngestDocument, 'title' | 'body' | (typeof FIELDS)[number]>;

export function diffDocuments(from: Diffable, to: Diffable): DocumentDiff {
  const body = diffWords(from.body, to.body);
  const fields: FieldChange[] = [];
  for (const field of FIELDS) {
    if (JSON.stringify(from[field] ?? null) !== JSON.stringify(to[field] ?? null)) fields.push({ field, from: from[field] ?? null, to: to[field] ?? null });
  }
  const title = from.title === to.title ? null : { from: from.title, to: to.title };
  return {
    title,
    fields,
    body,
    summary: { titleChanged: title !== null, wordsAdded: countWords(body, 'insert'), wordsRemoved: countWords(body, 'delete'), fieldsChanged: fields.map((f) => f.field) },
  };
}
