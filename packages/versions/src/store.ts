import type { Redis } from 'ioredis';
import { textDigest } from './noise.ts';

/** One version of a document: enough to find its text (documentKey) and its capture (archiveKey). */
export interface DocumentVersion {
  /** 1 for the first version seen; numbers are never reused, even when old versions are trimmed. */
  n: number;
  /** The document's version (fetch time, ms): a late retry never adds an older version after a newer one. */
  version: number;
  fetchedAt: string;
  title: string;
  contentDigest: string;
  /** Digest of title and body with template noise masked (see versionText). */
  textDigest: string;
  archiveKey: string;
  documentKey: string;
}

export interface VersionInput {
  id: string;
  version: number;
  fetchedAt: string;
  title: string;
  body: string;
  contentDigest: string;
  archiveKey: string;
}

/** The recent versions the indexed document carries, for the search UI's history. */
export const HISTORY_IN_DOCUMENT = 10;

export type RecordResult = ({ created: true; previous: DocumentVersion | null } | { created: false }) & {
  current: DocumentVersion;
  /** The latest HISTORY_IN_DOCUMENT versions, oldest first. */
  recent: DocumentVersion[];
};

/** Versions kept per document; older ones stay in the WARC archive and the CDXJ index. */
export const MAX_VERSIONS = 50;

// Appends only when the noise-masked text differs from the latest version, the bytes differ, and
// the new one is not older: a retried index job, a re-extraction of the same bytes, or bytes that
// changed only in a sidebar date add nothing.
const RECORD_LUA = `
local function recent() return redis.call('LRANGE', KEYS[1], -tonumber(ARGV[3]), -1) end
local last = redis.call('LINDEX', KEYS[1], -1)
local entry = cjson.decode(ARGV[1])
if last then
  local prev = cjson.decode(last)
  if prev.version > entry.version then return {0, last, '', recent()} end
  if prev.contentDigest == entry.contentDigest or prev.textDigest == entry.textDigest then
    if prev.contentDigest == entry.contentDigest and prev.textDigest ~= entry.textDigest then
      -- The same bytes extracted again (a template learned since): the version's text is refreshed, not a new version.
      entry.n = prev.n
      local refreshed = cjson.encode(entry)
      redis.call('LSET', KEYS[1], -1, refreshed)
      return {0, refreshed, '', recent()}
    end
    return {0, last, '', recent()}
  end
  entry.n = prev.n + 1
else
  entry.n = 1
end
local encoded = cjson.encode(entry)
redis.call('RPUSH', KEYS[1], encoded)
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
return {1, encoded, last or '', recent()}
`;

/** A bounded Redis list per document: one short JSON entry a version, the text itself stays in S3. */
export class VersionStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private key(docId: string): string {
    return `${this.prefix}:versions:${docId}`;
  }

  async record(doc: VersionInput, documentKey: string): Promise<RecordResult> {
    const entry: Omit<DocumentVersion, 'n'> = {
      version: doc.version,
      fetchedAt: doc.fetchedAt,
      title: doc.title,
      contentDigest: doc.contentDigest,
      textDigest: textDigest(doc.title, doc.body),
      archiveKey: doc.archiveKey,
      documentKey,
    };
    const [created, current, previous, recentRaw] = (await this.redis.eval(RECORD_LUA, 1, this.key(doc.id), JSON.stringify(entry), String(MAX_VERSIONS), String(HISTORY_IN_DOCUMENT))) as [
      number,
      string,
      string,
      string[],
    ];
    const parsed = JSON.parse(current) as DocumentVersion;
    const recent = recentRaw.map((r) => JSON.parse(r) as DocumentVersion);
    if (created === 0) return { created: false, current: parsed, recent };
    return { created: true, current: parsed, previous: previous ? (JSON.parse(previous) as DocumentVersion) : null, recent };
  }

  /** Oldest first. */
  async list(docId: string): Promise<DocumentVersion[]> {
    return (await this.redis.lrange(this.key(docId), 0, -1)).map((raw) => JSON.parse(raw) as DocumentVersion);
  }

  /** How many versions each document has (0 = none recorded), one round trip. */
  async counts(docIds: readonly string[]): Promise<number[]> {
    if (docIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of docIds) pipe.lindex(this.key(id), -1);
    return ((await pipe.exec()) ?? []).map(([err, raw]) => {
      if (err) throw err;
      return raw ? (JSON.parse(raw as string) as DocumentVersion).n : 0;
    });
  }

  /** The recent history each document carries in the index (a rebuilt index keeps it), one round trip. */
  async histories(docIds: readonly string[]): Promise<{ n: number; fetchedAt: string; title: string }[][]> {
    if (docIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of docIds) pipe.lrange(this.key(id), -HISTORY_IN_DOCUMENT, -1);
    return ((await pipe.exec()) ?? []).map(([err, raw]) => {
      if (err) throw err;
      return (raw as string[]).map((r) => {
        const v = JSON.parse(r) as DocumentVersion;
        return { n: v.n, fetchedAt: v.fetchedAt, title: v.title };
      });
    });
  }

  async remove(docId: string): Promise<void> {
    await this.redis.del(this.key(docId));
  }
}
