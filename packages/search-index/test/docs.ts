import { createHash } from 'node:crypto';
import { documentSchema, type IngestDocument } from '@ingest/contracts';

/** A valid indexed document with just enough content to be searchable; override what a test needs. */
export function testDoc(id: string, overrides: Partial<IngestDocument> = {}): IngestDocument {
  const url = `https://news.example.org/${id}.html`;
  const version = overrides.version ?? 1_700_000_000_000;
  return documentSchema.parse({
    id,
    url,
    canonicalUrl: url,
    site: 'news.example.org',
    siteName: 'Example News',
    title: `Story ${id}`,
    description: null,
    authors: ['Ada Reporter'],
    publishedAt: '2024-05-01T10:00:00Z',
    publishedTs: 1_714_557_600,
    modifiedAt: null,
    language: 'en',
    languageConfidence: 0.9,
    section: 'World',
    tags: [],
    entities: { people: [], organizations: [], places: [] },
    keywords: [],
    body: `Body of story ${id}.`,
    related: [],
    image: null,
    wordCount: 4,
    readingTimeMinutes: 1,
    archiveKey: `raw/responses/news.example.org/${id}.json`,
    contentDigest: createHash('sha256').update(id).digest('hex'),
    fetchedAt: new Date(version).toISOString(),
    clusterId: `c${id}`,
    version,
    ...overrides,
  });
}
