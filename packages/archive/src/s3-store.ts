import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DependencyUnavailableError, PermanentError, isConnectionError } from '@ingest/errors';
import { isLegacyResponseKey, LEGACY_RESPONSES_PREFIX, RESPONSES_PREFIX, revisitKey, sha256Hex, warcKey } from './keys.ts';
import type { ArchiveStore, ArchivedResponse, PutResponseInput, PutRenderedInput, PutRevisitInput, RawResponseMeta } from './types.ts';
import { decodeCapture, encodeCapture, encodeRendered } from './warc-object.ts';
import { base32, warcRevisitRecords } from '@ingest/warc';

/** The pre-WARC response record: JSON pointing at a content-addressed body. */
interface LegacyResponseRecord extends RawResponseMeta {
  bodyKey: string;
}

export interface S3StoreOptions {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function createS3Client(options: S3StoreOptions): S3Client {
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

export class S3ArchiveStore implements ArchiveStore {
  readonly client: S3Client;
  readonly bucket: string;
  private ready: Promise<void> | null = null;

  constructor(options: S3StoreOptions, client?: S3Client) {
    this.client = client ?? createS3Client(options);
    this.bucket = options.bucket;
  }

  ensureReady(): Promise<void> {
    this.ready ??= this.createBucketIfMissing().catch((err: unknown) => {
      this.ready = null;
      throw new DependencyUnavailableError('s3', `S3 bucket ${this.bucket} is not reachable: ${String(err)}`, { cause: err });
    });
    return this.ready;
  }

  /** Readiness probe: the bucket answers (HeadBucket), cancelled by `signal`. */
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
   * Archives one capture as a WARC object. The key is derived from (final URL, content digest,
   * day), and an existing object is left alone: a retried fetch that got the same bytes writes
   * nothing new and gets the same key back.
   */
  async putResponse(input: PutResponseInput): Promise<RawResponseMeta & { archiveKey: string }> {
    await this.ensureReady();
    const digest = sha256Hex(input.body);
    const archiveKey = warcKey(input.finalUrl, digest, input.day ?? input.fetchedAt.slice(0, 10));
    if (!(await this.exists(archiveKey))) await this.put(archiveKey, encodeCapture(input, digest), 'application/warc');
    const meta: RawResponseMeta = {
      url: input.url,
      finalUrl: input.finalUrl,
      status: input.status,
      headers: input.headers,
      fetchedAt: input.fetchedAt,
      redirects: input.redirects,
      contentDigest: digest,
      size: input.body.length,
    };
    return { ...meta, archiveKey };
  }

  /** Archives a 304 as request + revisit records (WARC 1.1 server-not-modified profile); write-once. */
  async putRevisit(input: PutRevisitInput): Promise<string> {
    await this.ensureReady();
    const validators = `${input.headers.etag ?? ''}|${input.headers['last-modified'] ?? ''}|${input.previousDigest ?? ''}`;
    const key = revisitKey(input.url, input.day, validators);
    if (await this.exists(key)) return key;
    const data = warcRevisitRecords({
      url: input.url,
      date: input.fetchedAt,
      ipAddress: input.remoteAddress ?? null,
      request: { headers: input.requestHeaders ?? { host: new URL(input.url).host } },
      response: { status: input.status, headers: input.headers },
      refersTo: { targetUri: input.url, payloadDigest: input.previousDigest ? `sha256:${base32(Buffer.from(input.previousDigest, 'hex'))}` : null },
    });
    await this.put(key, data, 'application/warc');
    return key;
  }

  async putRendered(input: PutRenderedInput): Promise<{ archiveKey: string; contentDigest: string }> {
    await this.ensureReady();
    const contentDigest = sha256Hex(Buffer.from(input.html, 'utf8'));
    const archiveKey = warcKey(input.finalUrl, contentDigest, input.day);
    if (!(await this.exists(archiveKey))) {
      const { data } = encodeRendered(await this.getBytes(input.rawKey), input);
      await this.put(archiveKey, data, 'application/warc');
    }
    return { archiveKey, contentDigest };
  }

  async putObject(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.ensureReady();
    if (!(await this.exists(key))) await this.put(key, body, contentType);
  }

  /** Reads a capture back, whichever layout it was written in (WARC, or the legacy JSON record + body). */
  async getResponse(archiveKey: string): Promise<ArchivedResponse> {
    if (!isLegacyResponseKey(archiveKey)) return decodeCapture(archiveKey, await this.getBytes(archiveKey));
    const { bodyKey, ...meta } = await this.getJson<LegacyResponseRecord>(archiveKey);
    const body = await this.getBytes(bodyKey);
    if (sha256Hex(body) !== meta.contentDigest) {
      throw new PermanentError('ARCHIVE_MISSING', `Archived body ${bodyKey} does not match its digest; re-enqueue the URL to fetch it again`);
    }
    return { meta, body };
  }

  async *listResponseKeys(): AsyncIterable<string> {
    yield* this.listKeys(RESPONSES_PREFIX);
    yield* this.listKeys(LEGACY_RESPONSES_PREFIX);
  }

  async healthy(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch {
      return false;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.send(() => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })), `HeadObject ${key}`);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.ensureReady();
    await this.put(key, Buffer.from(JSON.stringify(value)), 'application/json');
  }

  async getJson<T>(key: string): Promise<T> {
    return JSON.parse((await this.getBytes(key)).toString('utf8')) as T;
  }

  async *listKeys(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send(() => this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })), `ListObjects ${prefix}`);
      for (const obj of page.Contents ?? []) if (obj.Key) yield obj.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async getBytes(key: string): Promise<Buffer> {
    try {
      const res = await this.send(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })), `GetObject ${key}`);
      if (!res.Body) throw new PermanentError('ARCHIVE_MISSING', `S3 object ${key} has no body`);
      try {
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (err) {
        throw s3Failure(err, `GetObject ${key} (body)`);
      }
    } catch (err) {
      if (isNotFound(err)) throw new PermanentError('ARCHIVE_MISSING', `S3 object ${key} not found in bucket ${this.bucket}`, { cause: err });
      throw err;
    }
  }

  private async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.send(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length })), `PutObject ${key}`);
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
