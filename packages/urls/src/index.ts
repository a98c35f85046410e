// URL canonicalisation, document ids and crawl scope: the identity rules every stage agrees on.
export { normalizeUrl, isTrackingParam, DEFAULT_MAX_URL_LENGTH, type NormalizeOptions } from './normalize.ts';
export { documentId } from './document-id.ts';
export { registrableDomain } from './domain.ts';
export { inScope, createScopeMatcher, type CrawlScope, type ScopeMatcher } from './scope.ts';
