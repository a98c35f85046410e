// Deterministic synthetic news articles, valid against the document schema: sites, sections,
// authors, languages, entities and dates are skewed like a real news corpus (a few big sites,
// many small ones; most text in English), and a few percent are syndicated copies sharing a cluster.
import { createHash } from 'node:crypto';
import { documentSchema, type IngestDocument } from '../../packages/contracts/src/index.ts';

/** mulberry32: small, fast and seedable, so every run indexes the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SITES = [
  ['www.dailyherald.example', 'Daily Herald'],
  ['news.northwire.example', 'Northwire'],
  ['www.eurobrief.example', 'Euro Brief'],
  ['www.capitalpost.example', 'Capital Post'],
  ['www.harbourtimes.example', 'Harbour Times'],
  ['www.steppe-observer.example', 'Steppe Observer'],
  ['www.le-quotidien.example', 'Le Quotidien'],
  ['www.tagesblick.example', 'Tagesblick'],
  ['www.el-diario-sur.example', 'El Diario Sur'],
  ['www.metro-ledger.example', 'Metro Ledger'],
  ['www.techpulse.example', 'TechPulse'],
  ['www.marketwatcher.example', 'Market Watcher'],
] as const;
const SECTIONS = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Culture', 'Sport', 'Opinion', 'Climate'];
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'de', 'fr', 'es', 'it'];
const FIRST = ['Anna', 'Marek', 'Leila', 'Tomas', 'Sofia', 'Daniel', 'Amira', 'Jonas', 'Elena', 'Kenji', 'Priya', 'Lukas', 'Maria', 'Omar', 'Ingrid', 'Pavel', 'Chloe', 'Arjun', 'Nadia', 'Felix'];
const LAST = ['Novak', 'Okafor', 'Lindqvist', 'Rossi', 'Haddad', 'Kowalski', 'Moreau', 'Schmidt', 'Tanaka', 'Garcia', 'Petrov', 'Nguyen', 'Dubois', 'Fischer', 'Silva'];
const PEOPLE = [
  'Ursula von der Leyen',
  'Josep Borrell',
  'Olaf Scholz',
  'Emmanuel Macron',
  'Kaja Kallas',
  'Antonio Guterres',
  'Christine Lagarde',
  'Jens Stoltenberg',
  'Kassym-Jomart Tokayev',
  'Giorgia Meloni',
  'Pedro Sanchez',
  'Donald Tusk',
];
const ORGS = ['European Commission', 'European Parliament', 'United Nations', 'NATO', 'World Bank', 'IMF', 'European Central Bank', 'WHO', 'OPEC', 'Red Cross', 'Eurostat', 'Frontex'];
const PLACES = ['Brussels', 'Berlin', 'Paris', 'Madrid', 'Rome', 'Warsaw', 'Tallinn', 'Almaty', 'Astana', 'Kyiv', 'Athens', 'Lisbon', 'Vienna', 'Geneva', 'Istanbul', 'Tbilisi'];
const TOPICS = [
  'migrant smuggling',
  'energy prices',
  'interest rates',
  'grain exports',
  'election campaign',
  'heatwave',
  'rail strike',
  'budget talks',
  'chip factory',
  'ferry link',
  'metro extension',
  'vaccine rollout',
  'trade deal',
  'wildfires',
  'housing shortage',
  'pension reform',
  'cyber attack',
  'drought',
  'port expansion',
  'wind farm',
];
const VERBS = ['announced', 'criticised', 'approved', 'delayed', 'welcomed', 'rejected', 'debated', 'unveiled', 'expanded', 'suspended', 'investigated', 'defended'];
const NOUNS = ['plan', 'agreement', 'proposal', 'investment', 'inquiry', 'reform', 'package', 'report', 'strategy', 'programme', 'ruling', 'deal'];
const FILLER = [
  'officials said on Tuesday',
  'according to people familiar with the talks',
  'the ministry confirmed in a statement',
  'analysts expect further delays',
  'the figures were published late on Friday',
  'critics argue the measures go too far',
  'residents have waited for years',
  'the opposition called for a vote',
  'negotiators met behind closed doors',
  'the timetable remains uncertain',
  'prices rose for the third month in a row',
  'the regional government disagreed',
  'unions threatened further action',
  'investors reacted cautiously',
  'the court will rule next month',
  'experts warned of knock-on effects',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Zipf-like: index 0 is most frequent, so a few sites and authors dominate, as in real feeds. */
function skewed<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(xs.length * r() ** 2)]!;
}

function sentence(r: () => number, topic: string, person: string, org: string, place: string): string {
  const forms = [
    () => `${person} ${pick(r, VERBS)} the ${topic} ${pick(r, NOUNS)} in ${place}, ${pick(r, FILLER)}.`,
    () => `The ${org} ${pick(r, VERBS)} a new ${pick(r, NOUNS)} on ${topic}; ${pick(r, FILLER)}.`,
    () => `In ${place}, the debate over ${topic} continued as ${pick(r, FILLER)}.`,
    () => `${pick(r, FILLER).replace(/^./, (c) => c.toUpperCase())}, and the ${pick(r, NOUNS)} ${pick(r, VERBS)} by the ${org} drew attention.`,
  ];
  return pick(r, forms)();
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** Words per body, roughly (article-sized by default). */
  words?: number;
}

/** `count` documents; about 4% are syndicated copies of an earlier one (same cluster, other site). */
export function syntheticArticles(options: CorpusOptions): IngestDocument[] {
  const r = rng(options.seed ?? 42);
  const targetWords = options.words ?? 450;
  const authors = Array.from({ length: 240 }, () => `${pick(r, FIRST)} ${pick(r, LAST)}`);
  const docs: IngestDocument[] = [];
  const start = Date.parse('2016-01-01T00:00:00Z');
  const span = Date.parse('2025-10-01T00:00:00Z') - start;
  for (let i = 0; i < options.count; i++) {
    const [site, siteName] = skewed(r, SITES);
    const topic = pick(r, TOPICS);
    const people = [...new Set([skewed(r, PEOPLE), pick(r, PEOPLE)])];
    const orgs = [...new Set([skewed(r, ORGS), pick(r, ORGS)])];
    const places = [...new Set([skewed(r, PLACES), pick(r, PLACES)])];
    const paragraphs: string[] = [];
    let words = 0;
    while (words < targetWords) {
      const p = Array.from({ length: 3 + Math.floor(r() * 3) }, () => sentence(r, topic, pick(r, people), pick(r, orgs), pick(r, places))).join(' ');
      words += p.split(' ').length;
      paragraphs.push(p);
    }
    const body = paragraphs.join('\n\n');
    const published = start + Math.floor(r() ** 0.6 * span);
    const fetched = published + Math.floor(r() * 86_400_000);
    const slug = `${topic.replace(/ /g, '-')}-${i}`;
    const section = pick(r, SECTIONS);
    const url = `https://${site}/${section.toLowerCase()}/${slug}.html`;
    const syndicated = i > 50 && r() < 0.04 ? docs[Math.floor(r() * docs.length)] : undefined;
    const title = syndicated?.title ?? `${pick(r, places)}: ${pick(r, people)} ${pick(r, VERBS)} ${topic} ${pick(r, NOUNS)}`;
    docs.push(
      documentSchema.parse({
        id: createHash('sha256').update(url).digest('base64url').slice(0, 32),
        url,
        canonicalUrl: url,
        site,
        siteName,
        title,
        description: paragraphs[0]!.split('. ')[0]!.slice(0, 200),
        authors: r() < 0.1 ? [] : [...new Set([skewed(r, authors), ...(r() < 0.2 ? [pick(r, authors)] : [])])],
        publishedAt: new Date(published).toISOString(),
        publishedTs: Math.floor(published / 1000),
        modifiedAt: null,
        language: pick(r, LANGUAGES),
        languageConfidence: 0.8 + r() * 0.2,
        section,
        tags: [topic, pick(r, TOPICS)].filter((t, k, a) => a.indexOf(t) === k),
        entities: { people, organizations: orgs, places },
        keywords: [topic, ...places.map((p) => p.toLowerCase())],
        body: syndicated?.body ?? body,
        related: Array.from({ length: 3 }, (_, k) => ({ title: `${pick(r, TOPICS)} ${pick(r, NOUNS)}`, url: `https://${site}/more/${i}-${k}.html` })),
        image: r() < 0.7 ? { url: `https://${site}/img/${i}.jpg`, caption: `${pick(r, places)} on ${new Date(published).toDateString()}`, credit: pick(r, authors) } : null,
        wordCount: words,
        readingTimeMinutes: Math.max(1, Math.round(words / 230)),
        archiveKey: `warc/${site}/${new Date(fetched).toISOString().slice(0, 10)}/${i.toString(16).padStart(16, '0')}.warc.gz`,
        contentDigest: createHash('sha256').update(body).digest('hex'),
        fetchedAt: new Date(fetched).toISOString(),
        clusterId: syndicated?.clusterId ?? `c${createHash('sha256').update(body).digest('hex').slice(0, 31)}`,
        version: fetched,
      }),
    );
  }
  return docs;
}

/** Query words people would type: topics, names, places, and a few typos. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const r = rng(seed);
  const pool = [...TOPICS, ...PEOPLE, ...ORGS, ...PLACES, ...NOUNS];
  return Array.from({ length: count }, () => {
    const kind = r();
    if (kind < 0.1) return '';
    if (kind < 0.5) return pick(r, pool);
    if (kind < 0.85) return `${pick(r, pool)} ${pick(r, TOPICS).split(' ')[0]}`;
    // A typo: drop one letter of a longer word.
    const w = pick(r, TOPICS).split(' ')[0]!;
    const at = 1 + Math.floor(r() * (w.length - 2));
    return w.slice(0, at) + w.slice(at + 1);
  });
}

export const FACET_VALUES = { sites: SITES.map(([s]) => s), sections: SECTIONS, languages: [...new Set(LANGUAGES)] };
