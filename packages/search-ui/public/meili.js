// Talks to Meilisearch from the browser with the search-only key the server hands out.
// Facets are disjunctive (values of one facet combine with OR, facets with AND), and each facet's
// counts ignore its own selection, so picking one site still shows how many articles the others have.

export const FACETS = [
  { attr: 'site', label: 'Site' },
  { attr: 'authors', label: 'Author' },
  { attr: 'section', label: 'Section' },
  { attr: 'language', label: 'Language' },
  { attr: 'publishedYear', label: 'Year' },
];
export const PAGE_SIZE = 20;
export const HL_PRE = '\u0001hl\u0002';
export const HL_POST = '\u0001/hl\u0002';

// Everything a result card shows; the body only comes back cropped and highlighted in `_formatted`.
const CARD_FIELDS = ['id', 'title', 'url', 'canonicalUrl', 'site', 'siteName', 'authors', 'publishedAt', 'language', 'section', 'description', 'clusterId', 'readingTimeMinutes', 'image', 'history'];

export class SearchError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'SearchError';
    this.status = status;
  }
}

function clause(attr, value) {
  return attr === 'publishedYear' ? `${attr} = ${Number(value)}` : `${attr} = ${JSON.stringify(value)}`;
}

/** Filter for the active selections, leaving out one facet (for that facet's own counts). */
function filterFor(filters, except) {
  return Object.entries(filters)
    .filter(([attr, values]) => attr !== except && values.length > 0)
    .map(([attr, values]) => values.map((v) => clause(attr, v)));
}

export class MeiliClient {
  constructor(config) {
    this.url = config.meiliUrl.replace(/\/$/, '');
    this.key = config.searchKey;
    this.index = config.indexUid;
  }

  async post(path, body, signal) {
    let res;
    try {
      res = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new SearchError('The search service cannot be reached.', 0);
    }
    if (!res.ok) {
      const detail = await res.json().catch(() => ({}));
      throw new SearchError(detail.message ?? `Search failed (HTTP ${res.status}).`, res.status);
    }
    return res.json();
  }

  /** One round trip: the hits page plus one count-only query per facet with a selection. */
  async search(state, signal) {
    // Sorted by date, relevance no longer orders the hits, so every query word must match.
    const base = { indexUid: this.index, q: state.q, ...(state.sort ? { matchingStrategy: 'all' } : {}) };
    const main = {
      ...base,
      filter: filterFor(state.filters),
      facets: FACETS.map((f) => f.attr),
      limit: PAGE_SIZE,
      offset: state.offset,
      attributesToRetrieve: CARD_FIELDS,
      attributesToHighlight: ['title', 'description', 'body'],
      attributesToCrop: ['body:36'],
      cropMarker: '…',
      highlightPreTag: HL_PRE,
      highlightPostTag: HL_POST,
      ...(state.sort ? { sort: [state.sort] } : {}),
    };
    const own = FACETS.filter((f) => (state.filters[f.attr] ?? []).length > 0).map((f) => ({
      ...base,
      filter: filterFor(state.filters, f.attr),
      facets: [f.attr],
      // limit 1, not 0: Meilisearch then counts facets the way the main query does (distinct clusters).
      limit: 1,
      attributesToRetrieve: ['id'],
    }));
    const { results } = await this.post('/multi-search', { queries: [main, ...own] }, signal);
    const [hits, ...counts] = results;
    const facetDistribution = { ...(hits.facetDistribution ?? {}) };
    own.forEach((q, i) => {
      facetDistribution[q.facets[0]] = counts[i].facetDistribution?.[q.facets[0]] ?? {};
    });
    return { ...hits, facetDistribution };
  }

  /** How many documents each cluster holds (the index shows one per cluster). */
  async clusterSizes(clusterIds, signal) {
    if (clusterIds.length === 0) return {};
    const res = await this.post(
      `/indexes/${encodeURIComponent(this.index)}/search`,
      { q: '', filter: [clusterIds.map((c) => `clusterId = ${JSON.stringify(c)}`)], facets: ['clusterId'], limit: 0, distinct: 'id' },
      signal,
    );
    return res.facetDistribution?.clusterId ?? {};
  }

  /** The other members of a cluster, newest first. */
  async clusterMembers(clusterId, exceptId) {
    const res = await this.post(`/indexes/${encodeURIComponent(this.index)}/search`, {
      q: '',
      filter: [`clusterId = ${JSON.stringify(clusterId)}`, `id != ${JSON.stringify(exceptId)}`],
      distinct: 'id',
      sort: ['publishedTs:desc'],
      limit: 20,
      attributesToRetrieve: CARD_FIELDS,
    });
    return res.hits;
  }
}
