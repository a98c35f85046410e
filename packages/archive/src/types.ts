/** What the fetcher saw, archived so any page can be re-processed without fetching it again. */
export interface RawResponseMeta {
  /** The URL asked for (before redirects). */
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  redirects: { url: string; status: number }[];
  /** sha256 hex of the body as stored (after content-decoding). */
  contentDigest: string;
  size: number;
}

export interface ArchivedResponse {
  meta: RawResponseMeta;
  body: Buffer;
}

export interface PutResponseInput {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  redirects: { url: string; status: number }[];
  body: Buffer;
  /** Request headers of the final hop, for the WARC request record. */
  requestHeaders?: Record<string, string>;
  remoteAddress?: string | null;
  /** yyyy-mm-dd grouping the object; pass the job's enqueue day so retries reuse the key. Default: fetchedAt's day. */
  day?: string;
}

/** A conditional fetch answered 304, archived as a WARC revisit record pointing at the earlier capture. */
export interface PutRevisitInput {
  url: string;
  status: number;
  headers: Record<string, string>;
  requestHeaders?: Record<string, string>;
  remoteAddress?: string | null;
  fetchedAt: string;
  /** yyyy-mm-dd of the job's enqueue, so a retry reuses the key. */
  day: string;
  /** Hex SHA-256 of the earlier capture's payload, if known. */
  previousDigest: string | null;
}

/** A page rendered in a browser: its DOM snapshot, archived beside the raw response it was rendered from. */
export interface PutRenderedInput {
  /** Key of the raw capture the browser was given. */
  rawKey: string;
  finalUrl: string;
  /** The serialised DOM after scripts ran and consent dialogs were closed. */
  html: string;
  renderedAt: string;
  /** yyyy-mm-dd of the job's enqueue, so a retry reuses the key. */
  day: string;
}

/** Port for the raw-page archive and stage outputs; S3 is the real adapter. */
export interface ArchiveStore {
  ensureReady(): Promise<void>;
  /** Whether the store answers now (a cheap request); a stage paused by an outage resumes on true. */
  healthy(): Promise<boolean>;
  /** Whether an object exists (an outage throws DEPENDENCY_UNAVAILABLE rather than answering false). */
  exists(key: string): Promise<boolean>;
  putResponse(input: PutResponseInput): Promise<RawResponseMeta & { archiveKey: string }>;
  getResponse(archiveKey: string): Promise<ArchivedResponse>;
  putRevisit(input: PutRevisitInput): Promise<string>;
  /**
   * The raw capture's records plus a WARC conversion record holding the rendered DOM, as one
   * object: getResponse on its key yields the rendered DOM (reindex needs no browser). Write-once.
   */
  putRendered(input: PutRenderedInput): Promise<{ archiveKey: string; contentDigest: string }>;
  /** Any other object (screenshots); write-once by key. */
  putObject(key: string, body: Buffer, contentType: string): Promise<void>;
  putJson(key: string, value: unknown): Promise<void>;
  getJson<T>(key: string): Promise<T>;
  listKeys(prefix: string): AsyncIterable<string>;
  /** Every archived response key (WARC objects, then legacy JSON records). */
  listResponseKeys(): AsyncIterable<string>;
}
