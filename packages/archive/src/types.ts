import type { CdxjEntry } from '@ingest/warc';

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
  /** Rendered captures taken with a screenshot: its key, so a reindex links it from the document again. */
  screenshotKey?: string;
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
  /**
   * The URL's latest capture. When its payload digest equals this body's, the capture is stored
   * as a revisit record (identical-payload-digest profile) referring to it instead of a copy.
   */
  previous?: { archiveKey: string; contentDigest: string } | null;
  /** The source whose run made this fetch: its CDXJ lines are kept apart (`ingest export --wacz --source`). */
  sourceId?: string | undefined;
  /**
   * Names the fetch job (e.g. its enqueue time), so that a retry of the job that wrote a capture is
   * told apart from a later recrawl of the same day, which is recorded as a revisit.
   */
  captureId?: string | undefined;
  /**
   * The job's first run: nothing of this capture can exist from an earlier run, so unless
   * `previous` names this very key the object is written without asking S3 whether it exists
   * first (a HEAD per page). A concurrent same-day capture of the same URL and bytes by another
   * job would then rewrite the object with its own record dates, which loses nothing. Default false.
   */
  firstRun?: boolean | undefined;
}

/** What putResponse archived: the capture's own key, and the key whose object holds its payload. */
export interface ArchivedCapture extends RawResponseMeta {
  archiveKey: string;
  /** The full capture holding the payload: archiveKey itself, or for a revisit the capture it refers to. */
  payloadKey: string;
  revisit: boolean;
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
  sourceId?: string | undefined;
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
  /** The screenshot taken with the snapshot (already stored), recorded in the capture's metadata. */
  screenshotKey?: string | undefined;
}

/** One capture object with its kept CDXJ entries (offsets into `bytes`), for packaging (WACZ). */
export interface CaptureObject {
  key: string;
  bytes: Buffer;
  entries: CdxjEntry[];
}

/**
 * Port for the raw-page archive and stage outputs, free of any vendor type: S3ArchiveStore is
 * the real adapter, MemoryArchiveStore the fake for unit tests (both the same WARC logic over a
 * BlobStore).
 */
export interface ArchiveStore {
  ensureReady(): Promise<void>;
  /** Whether the store answers now (a cheap request); a stage paused by an outage resumes on true. */
  healthy(): Promise<boolean>;
  /** Readiness probe (/readyz): throws what is wrong, cancelled by `signal`. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Whether an object exists (an outage throws DEPENDENCY_UNAVAILABLE rather than answering false). */
  exists(key: string): Promise<boolean>;
  putResponse(input: PutResponseInput): Promise<ArchivedCapture>;
  /** A capture read back; a revisit is resolved to the payload of the capture it refers to. */
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
  /** Parsed but unchecked: a reader validates it against its record's schema (parseStageRecord). */
  getJson(key: string): Promise<unknown>;
  /** Any object's bytes as stored (a capture's .warc.gz, a stage record); missing is ARCHIVE_MISSING. */
  getBytes(key: string): Promise<Buffer>;
  listKeys(prefix: string): AsyncIterable<string>;
  /** Every full capture's key (WARC objects under warc/; revisits are not listed). */
  listResponseKeys(): AsyncIterable<string>;
  /**
   * Every capture object (full captures and revisits) with its CDXJ entries, each once (objects
   * without kept CDXJ lines are indexed on the way); with `sourceId`, those made by that source's
   * runs plus the captures their revisits refer to.
   */
  captures(options?: { sourceId?: string }): AsyncIterable<CaptureObject>;
  close(): void;
}
