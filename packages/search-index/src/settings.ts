import type { Settings } from 'meilisearch';

/** Index settings chosen for news; applied idempotently at start-up. */
export const INDEX_SETTINGS: Settings = {
  searchableAttributes: [
    'title',
    'description',
    'authors',
    'entities.people',
    'entities.organizations',
    'entities.places',
    'keywords',
    'tags',
    'body',
    'siteName',
    'section',
  ],
  filterableAttributes: [
    'id',
    'url',
    'canonicalUrl',
    'site',
    'siteName',
    'authors',
    'section',
    'language',
    'tags',
    'entities.people',
    'entities.organizations',
    'entities.places',
    'publishedTs',
    'publishedYear',
    'clusterId',
  ],
  sortableAttributes: ['publishedTs', 'fetchedAt'],
  displayedAttributes: ['*'],
  // Duplicates (syndicated copies, AMP/print variants) share a cluster; search shows one of each.
  distinctAttribute: 'clusterId',
  // Relevance first; when relevance ties, the more recent article wins.
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'publishedTs:desc'],
  pagination: { maxTotalHits: 10_000 },
  faceting: { maxValuesPerFacet: 200 },
};
