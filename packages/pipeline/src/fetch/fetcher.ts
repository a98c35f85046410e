import type { FetchResponse } from '@ingest/fetch';

export interface PageFetchOptions {
  signal?: AbortSignal | undefined;
  /** Validators from the last fetch: a 304 comes back as `notModified`. */
  conditional?: { etag?: string; lastModified?: string } | undefined;
  /** Overrides the configured body limit (sitemaps may be larger than pages). */
  maxBytes?: number | undefined;
  /** Accept header for non-HTML documents (sitemaps, feeds). */
  accept?: string | undefined;
  /** The fetch job's id: with it, a busy host parks the job (RateLimitedError) instead of holding a worker. */
  ticket?: string | undefined;
}

/** Port over the HTTP client so the stage stays testable; the real adapter adds politeness and robots. */
export interface PageFetcher {
  fetch(url: string, options?: PageFetchOptions): Promise<FetchResponse>;
  /** Sitemap URLs listed in the robots.txt of `url`'s origin (empty without robots support). */
  robotsSitemaps(url: string): Promise<string[]>;
  close(): Promise<void>;
}
