/** What the fetcher saw, archived so any page can be re-processed without fetching it again. */
export interface RawResponseMeta {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  redirects: { url: string; status: number }[];
  contentDigest: string;
  bodyKey: string;
  size: number;
}

export interface ArchivedResponse {
  meta: RawResponseMeta;
  body: Buffer;
}

/** Port for the raw-page archive and stage outputs; S3 is the real adapter. */
export interface ArchiveStore {
  ensureReady(): Promise<void>;
  putResponse(input: Omit<RawResponseMeta, 'contentDigest' | 'bodyKey' | 'size'> & { body: Buffer }): Promise<RawResponseMeta & { archiveKey: string }>;
  getResponse(archiveKey: string): Promise<ArchivedResponse>;
  putJson(key: string, value: unknown): Promise<void>;
  getJson<T>(key: string): Promise<T>;
  listKeys(prefix: string): AsyncIterable<string>;
}
