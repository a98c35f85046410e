import { sha256Hex } from '@ingest/ids';
import type { Redis } from 'ioredis';
import { ASSIGN_CLUSTER } from './cluster-script.ts';
import { clusterWindowKeys } from './keys.ts';
import { BAND_BYTES, BYTES_PER_HASH, NUM_BANDS, NUM_HASHES, textSignature, type TextSignature } from './minhash.ts';
import { words } from './shingles.ts';

export interface ClusterOptions {
  /** Estimated Jaccard on word 3-shingles at or above which two documents share a cluster. */
  threshold?: number;
  /** Candidates are searched among documents assigned in this window and the previous one. */
  windowDays?: number;
  /** Members kept per LSH bucket (oldest dropped first). */
  bucketCap?: number;
  now?: () => number;
}

export interface ClusterAssignment {
  clusterId: string;
  /** The document joined another document's cluster. */
  joined: boolean;
  /** First time this document is counted as joined (for an exactly-once `dedupe.clustered`). */
  newlyJoined: boolean;
  /** False for texts too short for MinHash: they cluster only with identical texts. */
  nearDuplicateAware: boolean;
}

const DAY_MS = 86_400_000;

const sha = sha256Hex;

/** The cluster a document founds; derived from its id so a re-run founds the same cluster. */
export function rootClusterId(docId: string): string {
  return `c${sha(`cluster:${docId}`).slice(0, 31)}`;
}

/** Identical normalised texts share this id; used for texts too short for a MinHash estimate. */
export function exactTextClusterId(text: string): string {
  return `x${sha(words(text).join(' ')).slice(0, 31)}`;
}

/**
 * Near-duplicate clusters over MinHash signatures with LSH buckets in Redis. A new document takes
 * the cluster of its most similar earlier document at or above the threshold (ties: the smaller
 * cluster id), else founds its own. One Lua script does lookup and insert, so concurrent
 * assignments are serialised.
 *
 * Memory: about 1 KB per document assigned in the last two windows (256-byte signature + 16
 * bucket references of 32 bytes): the current and previous window are kept, so 100k documents
 * a week with 7-day windows ≈ 200-300 MB. A document re-ingested after its windows
 * expired may found a new cluster.
 */
export class NearDuplicateClusters {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly minEqualRows: number;
  private readonly windowMs: number;
  private readonly bucketCap: number;
  private readonly now: () => number;

  constructor(redis: Redis, prefix: string, options: ClusterOptions = {}) {
    this.redis = redis;
    this.prefix = prefix;
    this.minEqualRows = Math.ceil((options.threshold ?? 0.75) * NUM_HASHES);
    this.windowMs = (options.windowDays ?? 7) * DAY_MS;
    this.bucketCap = options.bucketCap ?? 16;
    this.now = options.now ?? Date.now;
  }

  /** `signature`, when given, must be textSignature(text): computed elsewhere (a page thread) to spare this loop. */
  async assign(docId: string, text: string, options: { countJoin: boolean; signature?: TextSignature }): Promise<ClusterAssignment> {
    const sig = options.signature ?? textSignature(text);
    if (sig.bytes === null) return { clusterId: exactTextClusterId(text), joined: false, newlyJoined: false, nearDuplicateAware: false };
    const window = Math.floor(this.now() / this.windowMs);
    const current = clusterWindowKeys(this.prefix, window);
    const previous = clusterWindowKeys(this.prefix, window - 1);
    const root = rootClusterId(docId);
    // Refreshed on every write: a window outlives its last write by one window (while it is the
    // previous window) plus a day of slack.
    const ttlSeconds = Math.ceil((this.windowMs + DAY_MS) / 1000);
    const reply = (await this.redis.eval(
      ASSIGN_CLUSTER,
      4,
      current.signatures,
      current.bands,
      previous.signatures,
      previous.bands,
      sha(docId).slice(0, 32),
      sig.bytes,
      root,
      String(this.minEqualRows),
      options.countJoin ? '1' : '0',
      String(ttlSeconds),
      String(this.bucketCap),
      String(NUM_BANDS),
      String(BAND_BYTES),
      String(BYTES_PER_HASH),
    )) as [string, number];
    const clusterId = reply[0];
    return { clusterId, joined: clusterId !== root, newlyJoined: reply[1] === 1, nearDuplicateAware: true };
  }
}
