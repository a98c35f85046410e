import type { PageAccess, RobotsDirectives } from './access.ts';

export interface PageImage {
  url: string;
  caption: string | null;
  credit: string | null;
}

export interface PageMetadata {
  /** Headline without the site-name suffix/prefix. */
  title: string | null;
  description: string | null;
  /** Clean person names (or the organisation when it is the author), de-duplicated. */
  authors: string[];
  /**
   * ISO 8601. Normalised to UTC ('Z') when the source gave an offset or zone;
   * date-only values become T00:00:00Z; a date-time without any zone stays zone-less
   * (e.g. '2024-04-28T14:26:01') rather than pretending to be UTC.
   */
  publishedAt: string | null;
  modifiedAt: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  section: string | null;
  tags: string[];
  image: PageImage | null;
  /** Primary language subtag, lowercased ('de'). */
  language: string | null;
  /** JSON-LD @type or og:type. */
  type: string | null;
  /** Paywall markers. */
  access: PageAccess;
  /** <meta name="robots"> directives (the X-Robots-Tag header is the fetcher's to add). */
  robots: RobotsDirectives;
}
