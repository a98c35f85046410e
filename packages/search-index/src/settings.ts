import type { GranularFilterableAttribute, Settings } from 'meilisearch';

/**
 * Facets people click and values filtered on: equality only. Facet search (the /facet-search
 * route, typing to find one value among hundreds) is used by no surface, and its per-value
 * structures were a part of every indexing run.
 */
function facet(...attributePatterns: string[]): GranularFilterableAttribute {
  return { attributePatterns, features: { facetSearch: false, filter: { equality: true, comparison: false } } };
}

/** Lookups by identity: equality only, no facet search (ids and URLs are never browsed). */
function lookup(...attributePatterns: string[]): GranularFilterableAttribute {
  return { attributePatterns, features: { facetSearch: false, filter: { equality: true, comparison: false } } };
}

/** Numbers filtered by range ("published after", "2019 to 2021"). */
function range(...attributePatterns: string[]): GranularFilterableAttribute {
  return { attributePatterns, features: { facetSearch: false, filter: { equality: true, comparison: true } } };
}

/**
 * Index settings chosen for news; applied idempotently at start-up (see ensureSettings).
 *
 * Filterable attributes use the granular syntax so Meilisearch builds only the structures each
 * attribute needs: range filters on timestamps and plain equality on the rest. Only what a surface
 * or a test of a search feature filters, sorts or facets on is listed (siteName, fetchedAt and
 * extractionConfidence were never queried): building less makes indexing faster. Measured with
 * `npm run bench:index`, which runs these settings against the earlier ones in one run.
 */
export const INDEX_SETTINGS = {
  // Order matters: the `attribute` ranking rule prefers a match in an earlier attribute, so a
  // headline match beats a standfirst match, which beats a passing mention in the body.
  searchableAttributes: ['title', 'description', 'tags', 'keywords', 'entities.people', 'entities.organizations', 'entities.places', 'authors', 'body', 'section', 'siteName'],
  filterableAttributes: [
    facet('site', 'authors', 'section', 'language', 'tags', 'entities.people', 'entities.organizations', 'entities.places'),
    // version (fetch time, ms) lets a reindex find what the live pipeline wrote while it ran.
    range('publishedTs', 'publishedYear', 'version'),
    lookup('id', 'url', 'canonicalUrl', 'clusterId'),
    // "free to read only" and "skip snippets for nosnippet pages" are yes/no filters
    lookup('accessibleForFree', 'nosnippet'),
  ],
  sortableAttributes: ['publishedTs'],
  displayedAttributes: ['*'],
  // Duplicates (syndicated copies, AMP/print variants) share a cluster; search shows one of each.
  distinctAttribute: 'clusterId',
  // An explicit sort ("newest first") must order strictly by date, so `sort` comes first; without
  // a sort parameter it is a no-op. Then relevance; when relevance ties, the more recent article wins.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'clusterRank:asc', 'publishedTs:desc'],
  // Word distance counts in ranking and a quoted phrase matches only side by side: what a news
  // archive's users expect of "exact phrase" queries. SEARCH_PROXIMITY=attribute trades that for
  // speed (see indexSettings).
  proximityPrecision: 'byWord',
  // Index-wide switch matching the granular facetSearch: false above.
  facetSearch: false,
  // Identifiers and URLs must match exactly, never "within one typo".
  typoTolerance: { disableOnAttributes: ['id', 'url', 'canonicalUrl', 'clusterId'] },
  pagination: { maxTotalHits: 10_000 },
  // The UI lists the most frequent values first; alphabetical order hides the big sites.
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
} as const satisfies Settings;

/** Settings whose arrays are sets: Meilisearch may return them in another order. */
const UNORDERED = new Set<string>(['filterableAttributes', 'sortableAttributes', 'displayedAttributes', 'stopWords', 'disableOnAttributes', 'disableOnWords']);

/**
 * Names the top-level settings whose current value differs from the wanted one. Only what we set
 * is compared, and only the keys we give inside objects, so defaults Meilisearch fills in do not
 * count as differences.
 */
export function changedSettings(wanted: Settings, current: Settings): (keyof Settings)[] {
  return (Object.keys(wanted) as (keyof Settings)[]).filter((key) => !covers(current[key], wanted[key], key));
}

function covers(actual: unknown, wanted: unknown, key: string): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || actual.length !== wanted.length) return false;
    if (!UNORDERED.has(key)) return wanted.every((w, i) => covers(actual[i], w, key));
    const remaining = [...actual];
    return wanted.every((w) => {
      const at = remaining.findIndex((a) => covers(a, w, key));
      if (at < 0) return false;
      remaining.splice(at, 1);
      return true;
    });
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(wanted).every(([k, w]) => covers(a[k], w, k));
  }
  return actual === wanted;
}

/** SEARCH_PROXIMITY: how close query words must be. */
export type SearchProximity = 'word' | 'attribute';

/**
 * The index settings for a proximity choice. `attribute` ranks "query words in the same field"
 * above "spread over fields" instead of counting the words between them, so the word-pair database
 * of every body (the largest part of indexing an article) is not built: 40-50 % less Meilisearch
 * CPU per document in bench:index. The trade: a quoted phrase matches its words anywhere in one
 * field, not only side by side (meili-index.test.ts pins both behaviours).
 */
export function indexSettings(proximity: SearchProximity = 'word'): Settings {
  return proximity === 'attribute' ? { ...INDEX_SETTINGS, proximityPrecision: 'byAttribute' } : INDEX_SETTINGS;
}
