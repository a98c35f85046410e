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

/** Port for the raw-page archive and stage outputs; S3 is the real adapter. */
export interface ArchiveStore {
  ensureReady(): Promise<void>;
  putResponse(input: PutResponseInput): Promise<RawResponseMeta & { archiveKey: string }>;
  getResponse(archiveKey: string): Promise<ArchivedResponse>;
  putJson(key: string, value: unknown): Promise<void>;
  getJson<T>(key: string): Promise<T>;
  listKeys(prefix: string): AsyncIterable<string>;
  /** Every archived response key (WARC objects, then legacy JSON records). */
  listResponseKeys(): AsyncIterable<string>;
}
