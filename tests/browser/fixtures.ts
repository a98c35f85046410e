import { createHash } from 'node:crypto';
import type { ArchiveStore } from '@ingest/archive';
import { documentSchema, type IngestDocument } from '@ingest/contracts';

interface Story {
  slug: string;
  site: string;
  siteName: string;
  title: string;
  lead: string;
  authors: string[];
  section: string;
  language: string;
  published: string;
  /** Stories sharing a cluster are copies of one article; search shows one of them. */
  cluster?: string;
  /** Body text beyond the standfirst, only searchable in the body. */
  more?: string;
}

export const STORIES: Story[] = [
  {
    slug: 'harbour-strike',
    site: 'www.harbourtimes.example',
    siteName: 'Harbour Times',
    title: 'Dock workers strike at the harbour',
    lead: 'Dock workers walked out at the harbour on Monday after talks on pay collapsed late on Sunday night, leaving container ships waiting offshore.',
    authors: ['Anna Novak'],
    section: 'Business',
    language: 'en',
    published: '2025-03-03T08:00:00Z',
    cluster: 'strike',
  },
  {
    slug: 'harbour-strike-syndicated',
    site: 'www.dailyherald.example',
    siteName: 'Daily Herald',
    title: 'Dock workers strike at the harbour',
    lead: 'Dock workers walked out at the harbour on Monday after talks on pay collapsed late on Sunday night, leaving container ships waiting offshore.',
    authors: ['Anna Novak'],
    section: 'Business',
    language: 'en',
    published: '2025-03-03T11:30:00Z',
    cluster: 'strike',
  },
  {
    slug: 'caspian-ferry',
    site: 'www.steppe-observer.example',
    siteName: 'Steppe Observer',
    title: 'New ferry link across the Caspian',
    lead: 'A new ferry link between the two harbour cities opens in spring, cutting the crossing to eleven hours and easing pressure on overland routes.',
    authors: ['Marek Haddad'],
    section: 'World',
    language: 'en',
    published: '2024-11-18T06:15:00Z',
  },
  {
    slug: 'offshore-wind',
    site: 'www.eurobrief.example',
    siteName: 'Euro Brief',
    title: 'Offshore wind farm approved near the harbour',
    lead: 'Regulators approved an offshore wind farm near the harbour, the largest of its kind in the region, after a two-year environmental review.',
    authors: ['Leila Rossi', 'Tomas Lindqvist'],
    section: 'Climate',
    language: 'en',
    published: '2025-06-02T09:45:00Z',
    more: 'Fishermen fear the turbines will close traditional grounds for a decade, and the port authority has promised compensation.',
  },
  {
    slug: 'grain-exports',
    site: 'www.marketwatcher.example',
    siteName: 'Market Watcher',
    title: 'Grain exports recover as insurance costs fall',
    lead: 'Grain exports through the harbour recovered in the third quarter as insurance costs for ships fell and new corridors opened.',
    authors: ['Sofia Okafor'],
    section: 'Business',
    language: 'en',
    published: '2023-10-09T14:00:00Z',
  },
  {
    slug: 'hafenstreik',
    site: 'www.tagesblick.example',
    siteName: 'Tagesblick',
    title: 'Hafenarbeiter legen die Arbeit nieder',
    lead: 'Die Hafenarbeiter haben am Montag die Arbeit niedergelegt, nachdem die Tarifverhandlungen in der Nacht gescheitert waren.',
    authors: ['Jonas Fischer'],
    section: 'Wirtschaft',
    language: 'de',
    published: '2025-03-03T10:00:00Z',
  },
  {
    slug: 'metro-airport',
    site: 'www.metro-ledger.example',
    siteName: 'Metro Ledger',
    title: 'Metro extension reaches the airport',
    lead: 'The metro extension to the airport opened to passengers after six years of construction, delays and a budget that doubled.',
    authors: ['Elena Petrov'],
    section: 'Cities',
    language: 'en',
    published: '2024-02-20T07:00:00Z',
  },
];

export const ARCHIVE_MARKER = 'Archived for the browser test';

function archivedHtml(s: Story): string {
  return `<!doctype html><html lang="${s.language}"><head><meta charset="utf-8"><title>${s.title}</title><script>document.title = 'scripts must not run'</script></head>
<body><article><h1>${s.title}</h1><p>${s.lead}</p><p>${ARCHIVE_MARKER}: ${s.slug}.</p></article></body></html>`;
}

/** Archives each story's page in S3 and returns its document, pointing at that capture. */
export async function archiveStories(archive: ArchiveStore): Promise<IngestDocument[]> {
  const docs: IngestDocument[] = [];
  for (const s of STORIES) {
    const url = `https://${s.site}/news/${s.slug}.html`;
    const fetchedAt = new Date(Date.parse(s.published) + 3_600_000).toISOString();
    const body = Buffer.from(archivedHtml(s));
    const captured = await archive.putResponse({ url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt, redirects: [], body });
    const text = `${s.lead}\n\n${s.more ?? `Officials said more details would follow later in the week. ${s.siteName} will update this story.`}`;
    docs.push(
      documentSchema.parse({
        id: createHash('sha256').update(url).digest('base64url').slice(0, 24),
        url,
        canonicalUrl: url,
        site: s.site,
        siteName: s.siteName,
        title: s.title,
        description: s.lead,
        authors: s.authors,
        publishedAt: s.published,
        publishedTs: Math.floor(Date.parse(s.published) / 1000),
        modifiedAt: null,
        language: s.language,
        languageConfidence: 0.95,
        section: s.section,
        tags: [],
        entities: { people: [], organizations: [], places: [] },
        keywords: [],
        body: text,
        related: [],
        image: null,
        wordCount: text.split(/\s+/).length,
        readingTimeMinutes: 1,
        archiveKey: captured.archiveKey,
        contentDigest: captured.contentDigest,
        fetchedAt,
        clusterId: `c-${s.cluster ?? s.slug}`,
        version: Date.parse(fetchedAt),
      }),
    );
  }
  return docs;
}
