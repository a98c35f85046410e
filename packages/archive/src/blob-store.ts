import { PermanentError } from '@ingest/errors';

/**
 * The object store under the archive, reduced to what the archive uses: bytes by key. S3 is the
 * real adapter; the in-memory one lets unit tests run the archive's logic (keys, revisits, the
 * CDXJ index, WACZ export) without a server. No vendor type crosses this interface.
 */
export interface BlobStore {
  /** Creates the bucket (or whatever holds the objects) if missing; an outage throws DEPENDENCY_UNAVAILABLE. */
  ensureReady(): Promise<void>;
  /** Whether the store answers now (a cheap request). */
  healthy(): Promise<boolean>;
  /** Readiness probe that throws what is wrong, cancelled by `signal`. */
  ping(signal?: AbortSignal): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Whether the object exists and was written whole. A store killed during a PUT can keep the
   * bytes it had received (s3rver does); write-once logic must rewrite such an object, not skip it.
   */
  whole(key: string): Promise<boolean>;
  /** The object's bytes; a missing object is ARCHIVE_MISSING (permanent). */
  get(key: string): Promise<Buffer>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Keys under `prefix`, in lexicographic order (as S3 lists them). */
  list(prefix: string): AsyncIterable<string>;
  close(): void;
}

export function missingObject(key: string, where: string, cause?: unknown): PermanentError {
  return new PermanentError('ARCHIVE_MISSING', `Object ${key} not found in ${where}; re-enqueue the URL to fetch it again`, cause === undefined ? {} : { cause });
}

/** Objects in a Map: for unit tests of logic above the store, never for production data. */
export class MemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, { body: Buffer; contentType: string; torn?: true }>();
  /** Every call by kind, so a test can check what an operation costs. */
  readonly calls: Record<'exists' | 'get' | 'put' | 'list', number> = { exists: 0, get: 0, put: 0, list: 0 };

  /** What a store killed mid-PUT leaves: the first `bytes` of the object, not marked whole. */
  tear(key: string, bytes: number): void {
    const obj = this.objects.get(key);
    if (obj) this.objects.set(key, { body: obj.body.subarray(0, bytes), contentType: obj.contentType, torn: true });
  }

  ensureReady(): Promise<void> {
    return Promise.resolve();
  }

  healthy(): Promise<boolean> {
    return Promise.resolve(true);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  exists(key: string): Promise<boolean> {
    this.calls.exists++;
    return Promise.resolve(this.objects.has(key));
  }

  whole(key: string): Promise<boolean> {
    this.calls.exists++;
    const obj = this.objects.get(key);
    return Promise.resolve(obj !== undefined && !obj.torn);
  }

  get(key: string): Promise<Buffer> {
    this.calls.get++;
    const obj = this.objects.get(key);
    return obj ? Promise.resolve(Buffer.from(obj.body)) : Promise.reject(missingObject(key, 'the in-memory store'));
  }

  put(key: string, body: Buffer, contentType: string): Promise<void> {
    this.calls.put++;
    this.objects.set(key, { body: Buffer.from(body), contentType });
    return Promise.resolve();
  }

  async *list(prefix: string): AsyncIterable<string> {
    this.calls.list++;
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const k of keys) yield await Promise.resolve(k);
  }

  close(): void {}
}
