import { gunzipSync } from 'node:zlib';
import { SourceError } from './errors.ts';

/**
 * Sitemaps are often served as .xml.gz without Content-Encoding, so fetchPage hands us gzip bytes.
 * maxOutputLength stops a decompression bomb before it is held in memory.
 */
export function maybeGunzip(body: Buffer, maxBytes: number, url: string): Buffer {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new SourceError('DOCUMENT_TOO_LARGE', `${url} expands beyond ${maxBytes} bytes when gunzipped; refused`, { cause: err });
    }
    throw new SourceError('SITEMAP_MALFORMED', `${url} looks gzipped but does not decompress: ${(err as Error).message}`, { cause: err });
  }
}
