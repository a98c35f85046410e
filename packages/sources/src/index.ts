// Sources: registered once (Redis), expanded into fetch jobs by the discover stage, run on a schedule.
export { SourceRegistry, type SourceView } from './registry.ts';
export {
  sourceInputSchema,
  SOURCE_ID_PATTERN,
  type SourceInput,
  type SourceDefinition,
  type SourceKind,
  type SourceState,
  type SourceFailure,
  type SourceLimits,
  type AdaptiveRecrawl,
  type Schedule,
  type FetchOutcome,
} from './types.ts';
export { SourceError, type SourceErrorCode } from './errors.ts';
export { schedulerId } from './keys.ts';
export { RecrawlSchedule, type RecrawlEntry } from './recrawl.ts';
export { RenderDecisions, decide, urlPattern, RENDER_SAMPLE, PLAIN_SAMPLE, FAR_LESS_TEXT, type RenderDecision, type PatternStats, type PatternView } from './render-decisions.ts';
export { parseSitemap, parseDate, type ParsedSitemap, type SitemapEntry, type NewsFields } from './sitemap/parse.ts';
export { parseFeed, type ParsedFeed, type FeedItem } from './feed/parse.ts';
export { maybeGunzip } from './gunzip.ts';
export { feedLinks, classifyDocument, suggestedSourceId, COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS, type DiscoveredSource, type DiscoveredVia, type SiteDiscovery } from './discovery.ts';
