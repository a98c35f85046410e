import { sha256Hex } from '@ingest/ids';

/**
 * Every archived response is one WARC/1.1 object under this prefix:
 * `warc/<host>/<yyyy-mm-dd>/<url hash>-<content digest>.warc.gz`. List it (ArchiveStore.listKeys or
 * listResponseKeys) to enumerate the archive, e.g. for reindexing.
 */
export const RESPONSES_PREFIX = 'warc/';
export const WARC_PREFIX = RESPONSES_PREFIX;
/**
 * Revisit records: 304 answers, and 200s whose payload an earlier capture of the URL already
 * holds. Kept apart from full captures, which reindexing replays.
 */
export const REVISITS_PREFIX = 'warc-revisits/';
/** The kept CDXJ index: one small object per (capture object, source), offsets into that object. */
export const CDXJ_PREFIX = 'indexes/cdxj/';
/** Source segment of captures made outside any source (sources ids never start with `_`). */
export const NO_SOURCE = '_';

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

export function isRevisitKey(key: string): boolean {
  return key.startsWith(REVISITS_PREFIX);
}

/** The kept CDXJ lines of one capture object, as made for one source (or none). */
export function cdxjKey(captureKey: string, sourceId: string | undefined): string {
  return `${CDXJ_PREFIX}${sourceId ?? NO_SOURCE}/${captureKey}.cdxj`;
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
