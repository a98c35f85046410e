import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PermanentError, RetryableError } from '@ingest/errors';
import { bodyKey, responseKey, sha256Hex } from './keys.ts';
import type { ArchiveStore, ArchivedResponse, RawResponseMeta } from './types.ts';

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
      throw new RetryableError('DEPENDENCY_UNAVAILABLE', `S3 bucket ${this.bucket} is not reachable: ${String(err)}`, { cause: err });
    });
    return this.ready;
  }

  private async createBucketIfMissing(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
      } catch (createErr) {
        const name = (createErr as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw createErr;
      }
    }
  }

  async putResponse(input: Omit<RawResponseMeta, 'contentDigest' | 'bodyKey' | 'size'> & { body: Buffer }): Promise<RawResponseMeta & { archiveKey: string }> {
    await this.ensureReady();
    const digest = sha256Hex(input.body);
    const key = bodyKey(digest);
    await this.put(key, input.body, 'application/octet-stream');
    const { body: _body, ...rest } = input;
    const meta: RawResponseMeta = { ...rest, contentDigest: digest, bodyKey: key, size: input.body.length };
    const archiveKey = responseKey(input.finalUrl, digest);
    // The record is written after the body, so a record never points at a missing body.
    await this.put(archiveKey, Buffer.from(JSON.stringify(meta)), 'application/json');
    return { ...meta, archiveKey };
  }

  async getResponse(archiveKey: string): Promise<ArchivedResponse> {
    const meta = await this.getJson<RawResponseMeta>(archiveKey);
    const body = await this.getBytes(meta.bodyKey);
    if (sha256Hex(body) !== meta.contentDigest) {
      throw new RetryableError('ARCHIVE_MISSING', `Archived body ${meta.bodyKey} does not match its digest`);
    }
    return { meta, body };
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
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const obj of page.Contents ?? []) if (obj.Key) yield obj.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async getBytes(key: string): Promise<Buffer> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) throw new PermanentError('ARCHIVE_MISSING', `S3 object ${key} has no body`);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) throw new PermanentError('ARCHIVE_MISSING', `S3 object ${key} not found in bucket ${this.bucket}`, { cause: err });
      throw err;
    }
  }

  private async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  close(): void {
    this.client.destroy();
  }
}
