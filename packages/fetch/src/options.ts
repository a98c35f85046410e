import type { LookupFunction } from 'node:net';

export interface FetchOptions {
  userAgent: string;
  /** Extra networks (CIDR) allowed besides public addresses, e.g. ['127.0.0.0/8'] in tests. */
  allowNetworks: string[];
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Total time allowed for reading the body, not the idle time between chunks. */
  bodyTimeoutMs?: number;
  /** Limit on both the bytes received and the decoded size. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Decoded/encoded size ratio above which a compressed body is refused as a bomb. */
  maxDecompressionRatio?: number;
  /** Content-Encoding layers undone at most; more is refused as DECOMPRESSION_BOMB before any decoding. */
  maxEncodingLayers?: number;
  /** Total size of the response headers; beyond it the fetch fails with HEADERS_TOO_LARGE. */
  maxHeaderBytes?: number;
  /** Upper bound on a Retry-After (429/503) pause, in ms. */
  maxRetryAfterMs?: number;
  /** What to do when the body exceeds maxBytes: fail (default) or keep the first maxBytes (robots.txt). */
  onTooLarge?: 'error' | 'truncate';
  conditional?: { etag?: string; lastModified?: string };
  /** Replaces system DNS (tests). The network guard still checks its answers. */
  lookup?: LookupFunction;
  /** Throws ROBOTS_DISALLOWED; called for the first URL and every redirect hop. */
  checkRobots?: (url: string) => Promise<void>;
  /**
   * Called synchronously at the moment each request (first URL and every hop) is written to its
   * socket; throwing aborts it unsent, and the fetch rejects with RequestWriteRefused.
   */
  onRequestWrite?: (url: string) => void;
  /** Extra trusted CA certificates (PEM), e.g. an internal CA or the tests' self-signed one. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Extra request headers (e.g. Accept-Language). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface FetchResponse {
  /** The normalised form of the URL asked for. */
  requestedUrl: string;
  finalUrl: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** After content-encoding decoding. Empty for 304. */
  body: Buffer;
  redirects: { url: string; status: number }[];
  fetchedAt: string;
  contentType: string | null;
  notModified: boolean;
  remoteAddress: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Request headers sent for the final hop (host included), for the WARC request record. */
  requestHeaders: Record<string, string>;
  /** Bytes received on the wire for the final response (before decoding). */
  encodedBytes: number;
  /** True only with onTooLarge: 'truncate' when the body was cut. */
  truncated: boolean;
}

export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
  maxDecompressionRatio: 100,
  // Real servers send one layer, rarely two (gzip + br behind a misconfigured proxy).
  maxEncodingLayers: 3,
  // Chromium's limit; above undici's 16 KiB default so a long Location reaches the URL length check.
  maxHeaderBytes: 256 * 1024,
  maxRetryAfterMs: 60 * 60 * 1000,
} as const;
