import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DependencyUnavailableError, PermanentError, isConnectionError } from '@ingest/errors';
import { missingObject, type BlobStore } from './blob-store.ts';
import { WarcArchiveStore } from './warc-archive.ts';

export interface S3StoreOptions {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

function createS3Client(options: S3StoreOptions): S3Client {
  return new S3Client({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK's default flexible checksums break several S3-compatible stores; we keep our own SHA-256.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/**
 * S3 not answering (refused, reset, timed out) or answering 5xx/503 SlowDown is an outage, not a
 * problem with the object: DEPENDENCY_UNAVAILABLE, so the stage waits instead of failing the job.
 */
export function s3Failure(err: unknown, what: string): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode;
  const outage = isConnectionError(err) || (status !== undefined && status >= 500) || e?.name === 'SlowDown' || e?.name === 'ServiceUnavailable' || e?.name === 'InternalError';
  if (!outage) return err;
  return new DependencyUnavailableError('s3', `S3 ${what} failed: ${err instanceof Error ? err.message || err.name : String(err)}`, { cause: err });
}

function isNotFound(err: unknown): boolean {
  if (err instanceof NoSuchKey) return true;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** How long an outage probe waits for S3 to answer. */
const HEALTH_TIMEOUT_MS = 3_000;

/** User metadata (x-amz-meta-bytes) holding the length the PUT sent. */
const LENGTH_META = 'bytes';

/** The AWS SDK stays in here: nothing of it is visible through BlobStore or ArchiveStore. */
class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private ready: Promise<void> | null = null;

  constructor(options: S3StoreOptions) {
    this.client = createS3Client(options);
    this.bucket = options.bucket;
  }

  ensureReady(): Promise<void> {
    this.ready ??= this.createBucketIfMissing().catch((err: unknown) => {
      this.ready = null;
      throw new DependencyUnavailableError('s3', `S3 bucket ${this.bucket} is not reachable: ${String(err)}`, { cause: err });
    });
    return this.ready;
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), signal ? { abortSignal: signal } : {});
  }

  private async createBucketIfMissing(): Promise<void> {
    try {
      await this.send(() => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })), 'HeadBucket');
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.send(() => this.client.send(new CreateBucketCommand({ Bucket: this.bucket })), 'CreateBucket');
      } catch (createErr) {
        const name = (createErr as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw createErr;
      }
    }
  }

  /**
   * Whether S3 answers, within `timeoutMs`: a stage paused for an outage resumes on this answer, so
   * a request that never completes (a store that accepts and never replies) must read as "not yet",
   * not hold the stage paused for good.
   */
  async healthy(timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  /**
   * Each PUT records its length as user metadata; s3rver stores that only after the body, so an
   * object torn by a crash has none (or a length that differs) and is not whole. An object from
   * before this metadata is rewritten once, which its write-once caller can afford.
   */
  async whole(key: string): Promise<boolean> {
    const head = await this.head(key);
    return head?.Metadata?.[LENGTH_META] !== undefined && head.Metadata[LENGTH_META] === String(head.ContentLength);
  }

  /** The object's HEAD, or null when there is none. */
  private async head(key: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.send(() => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })), `HeadObject ${key}`);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send(() => this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })), `ListObjects ${prefix}`);
      for (const obj of page.Contents ?? []) if (obj.Key) yield obj.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async get(key: string): Promise<Buffer> {
    try {
      const res = await this.send(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })), `GetObject ${key}`);
      if (!res.Body) throw new PermanentError('ARCHIVE_MISSING', `S3 object ${key} has no body`);
      try {
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (err) {
        throw s3Failure(err, `GetObject ${key} (body)`);
      }
    } catch (err) {
      if (isNotFound(err)) throw missingObject(key, `bucket ${this.bucket}`, err);
      throw err;
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.send(
      () =>
        this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length, Metadata: { [LENGTH_META]: String(body.length) } })),
      `PutObject ${key}`,
    );
  }

  /** Every S3 call goes through here so that an outage always surfaces as DEPENDENCY_UNAVAILABLE. */
  private async send<T>(call: () => Promise<T>, what: string): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw s3Failure(err, what);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** The archive on an S3-compatible bucket: the production adapter of ArchiveStore. */
export class S3ArchiveStore extends WarcArchiveStore {
  constructor(options: S3StoreOptions) {
    super(new S3BlobStore(options));
  }
}
