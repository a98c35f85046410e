import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { PermanentError } from '@ingest/errors';

export interface BodyLimits {
  maxBytes: number;
  maxDecompressionRatio: number;
  onTooLarge: 'error' | 'truncate';
}

export interface BodyResult {
  body: Buffer;
  encodedBytes: number;
  truncated: boolean;
}

// Small pages of repeated markup compress far beyond 100:1; the ratio is only judged once the
// output is big enough to matter.
const RATIO_FLOOR_BYTES = 1024 * 1024;

const SUPPORTED = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd']);

/** Content-Encoding values in the order they must be undone. Throws for encodings we cannot decode. */
export function decodingOrder(contentEncoding: string | null | undefined, url: string, maxLayers: number = Infinity): string[] {
  if (!contentEncoding) return [];
  const list = contentEncoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '' && s !== 'identity');
  // Each layer is a full decompression pass; thousands of them cost CPU-seconds on a tiny body.
  if (list.length > maxLayers) {
    throw new PermanentError('DECOMPRESSION_BOMB', `${url} stacks ${list.length} Content-Encoding layers; at most ${maxLayers} are decoded`, {
      details: { url, layers: list.length, maxEncodingLayers: maxLayers, contentEncoding: contentEncoding.slice(0, 200) },
    });
  }
  for (const enc of list) {
    if (!SUPPORTED.has(enc)) {
      throw new PermanentError('UNSUPPORTED_CONTENT_TYPE', `Cannot decode Content-Encoding "${enc}" from ${url}`, { details: { url, contentEncoding } });
    }
  }
  return list.reverse();
}

/** Thrown inside the pipeline to stop reading early in truncate mode. */
class StopReading extends Error {}

// Browsers accept truncated compressed streams, so flush what was decoded instead of failing.
const LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

function decoder(encoding: string): Transform | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>) {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(LENIENT);
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case 'zstd':
      return zlib.createZstdDecompress();
    default:
      return inflateEither;
  }
}

// "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the first two bytes tell.
async function* inflateEither(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const head = await it.next();
  if (head.done) return;
  const first: Buffer = head.value;
  const b0 = first[0] ?? 0;
  const b1 = first[1] ?? 0;
  const zlibWrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
  const inflater = zlibWrapped ? zlib.createInflate(LENIENT) : zlib.createInflateRaw(LENIENT);
  const input = Readable.from(
    (async function* () {
      yield first;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    })(),
  );
  input.on('error', (err) => inflater.destroy(err));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

/**
 * Streams a response body with limits on received bytes, decoded bytes and decoding ratio, so that
 * neither a huge body nor a decompression bomb is ever held in memory: reading stops (and the
 * connection is torn down) as soon as a limit is crossed.
 */
export async function readBody(source: Readable, encodings: string[], limits: BodyLimits, url: string, signal: AbortSignal): Promise<BodyResult> {
  const { maxBytes, maxDecompressionRatio, onTooLarge } = limits;
  const chunks: Buffer[] = [];
  let encoded = 0;
  let decoded = 0;
  let truncated = false;

  const tooLarge = (what: string, n: number) => new PermanentError('BODY_TOO_LARGE', `Body of ${url} exceeds ${maxBytes} bytes (${what} ${n}+ bytes)`, { details: { url, maxBytes } });

  async function* countEncoded(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      encoded += chunk.length;
      if (encoded > maxBytes && onTooLarge === 'error') throw tooLarge('received', encoded);
      yield chunk;
    }
  }

  async function collect(input: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of input) {
      if (encodings.length > 0 && onTooLarge === 'error') {
        const ratio = (decoded + chunk.length) / Math.max(encoded, 1);
        if (ratio > maxDecompressionRatio && (decoded + chunk.length > RATIO_FLOOR_BYTES || decoded + chunk.length > maxBytes)) {
          throw new PermanentError('DECOMPRESSION_BOMB', `Body of ${url} expands more than ${maxDecompressionRatio}:1 (${encoded} bytes → ${decoded + chunk.length}+ bytes); refused`, {
            details: { url, encodedBytes: encoded, decodedBytes: decoded + chunk.length, maxDecompressionRatio },
          });
        }
      }
      if (decoded + chunk.length > maxBytes) {
        if (onTooLarge === 'error') throw tooLarge('decoded', decoded + chunk.length);
        chunks.push(chunk.subarray(0, maxBytes - decoded));
        decoded = maxBytes;
        truncated = true;
        throw new StopReading();
      }
      decoded += chunk.length;
      chunks.push(chunk);
    }
  }

  const stages = encodings.map(decoder);
  try {
    // The stage list is heterogeneous (streams and generator functions), which pipeline's typings
    // cannot express for a variable-length array.
    await (pipeline as (...args: unknown[]) => Promise<void>)(source, countEncoded, ...stages, collect, { signal });
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
  }
  return { body: Buffer.concat(chunks, decoded), encodedBytes: encoded, truncated };
}
