import { describe, expect, it } from 'vitest';
import { IngestError } from '@ingest/errors';
import { parseStageRecord, stageResultSchema, type IngestDocument } from '../src/index.ts';

const doc: IngestDocument = {
  id: 'a'.repeat(32),
  url: 'https://example.org/a',
  canonicalUrl: 'https://example.org/a',
  site: 'example.org',
  siteName: null,
  title: 'A',
  description: null,
  authors: [],
  publishedAt: null,
  publishedTs: null,
  modifiedAt: null,
  language: 'en',
  languageConfidence: 0.9,
  section: null,
  tags: [],
  entities: { people: [], organizations: [], places: [] },
  keywords: [],
  body: 'Body text.',
  related: [],
  image: null,
  accessibleForFree: null,
  paywalledSelectors: [],
  nosnippet: false,
  extractionConfidence: null,
  wordCount: 2,
  readingTimeMinutes: 1,
  archiveKey: 'warc/x',
  contentDigest: 'b'.repeat(64),
  fetchedAt: '2030-01-01T00:00:00.000Z',
  clusterId: 'c1',
  clusterRank: 0,
  version: 1,
  tdm: { reserved: false, policy: null, source: null },
  history: [],
};

describe('stage records read from S3', () => {
  it('returns a document that matches its schema', () => {
    expect(parseStageRecord('document', JSON.parse(JSON.stringify(doc)), 'documents/k')).toEqual(doc);
  });

  it('refuses one that does not with INVALID_RECORD, permanent, naming the key and the field', () => {
    let caught: unknown;
    try {
      parseStageRecord('document', { ...doc, wordCount: 'many' }, 'documents/k');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IngestError);
    const e = caught as IngestError;
    expect(e.code).toBe('INVALID_RECORD');
    expect(e.permanent).toBe(true);
    expect(e.message).toContain('documents/k');
    expect(e.message).toContain('wordCount');
  });
});

describe('stage outcomes', () => {
  it('carry a code from the registry, and no other', () => {
    expect(stageResultSchema.parse({ outcome: 'skipped', code: 'NO_ARTICLE', reason: 'no main content found' }).code).toBe('NO_ARTICLE');
    expect(stageResultSchema.parse({ outcome: 'unchanged', code: 'SAME_DIGEST' }).code).toBe('SAME_DIGEST');
    expect(stageResultSchema.safeParse({ outcome: 'skipped', code: 'MADE_UP' }).success).toBe(false);
  });
});
