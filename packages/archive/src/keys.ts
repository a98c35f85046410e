import { sha256Hex } from '@ingest/ids';

export { sha256Hex };

/**
 * Every archived response is one WARC/1.1 object under this prefix:
 * `warc/<host>/<yyyy-mm-dd>/<url hash>-<content digest>.warc.gz`. List it (ArchiveStore.listKeys or
 * listResponseKeys) to enumerate the archive, e.g. for reindexing.
 */
export const RESPONSES_PREFIX = 'warc/';
export const WARC_PREFIX = RESPONSES_PREFIX;
/** Responses archived before the WARC format: a JSON record plus a content-addressed body. Still readable. */
export const LEGACY_RESPONSES_PREFIX = 'raw/responses/';
/** 304 answers, as WARC revisit records: kept apart from full captures, which reindexing replays. */
export const REVISITS_PREFIX = 'warc-revisits/';

/**
 * One WARC object per (URL, content, day the job was enqueued): a retried fetch that got the same
 * bytes writes the same key, so the archive never holds two copies of one response. The day comes
 * from the job, not the attempt, so a retry after midnight still lands on the same key.
 */
export function warcKey(url: string, digest: string, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`warcKey day must be yyyy-mm-dd, got ${JSON.stringify(day)}`);
  return `${WARC_PREFIX}${safeHost(url)}/${day}/${sha256Hex(url).slice(0, 16)}-${digest}.warc.gz`;
}

/** One revisit object per (URL, day the job was enqueued, validators): a retried job rewrites the same key. */
export function revisitKey(url: string, day: string, validators: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`revisitKey day must be yyyy-mm-dd, got ${JSON.stringify(day)}`);
  return `${REVISITS_PREFIX}${safeHost(url)}/${day}/${sha256Hex(url).slice(0, 16)}-${sha256Hex(validators).slice(0, 16)}.warc.gz`;
}

/** A rendered page's screenshot, named like its rendered capture (URL, rendered DOM digest, day). */
export function screenshotKey(url: string, digest: string, day: string): string {
  return `screenshots/${safeHost(url)}/${day}/${sha256Hex(url).slice(0, 16)}-${digest}.png`;
}

export function isLegacyResponseKey(key: string): boolean {
  return key.startsWith(LEGACY_RESPONSES_PREFIX);
}

/** Legacy layout: bodies content-addressed, one JSON record per (URL, content). Read-only now. */
export function bodyKey(digest: string): string {
  return `raw/bodies/${digest.slice(0, 2)}/${digest}`;
}

export function responseKey(url: string, digest: string): string {
  return `${LEGACY_RESPONSES_PREFIX}${safeHost(url)}/${sha256Hex(url).slice(0, 24)}-${digest.slice(0, 24)}.json`;
}

export function extractedKey(docId: string, digest: string): string {
  return `extracted/${docId}/${digest}.json`;
}

export function documentKey(docId: string, digest: string): string {
  return `documents/${docId}/${digest}.json`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host.replace(/[^A-Za-z0-9.-]/g, '_') || 'unknown';
  } catch {
    return 'unknown';
  }
}
