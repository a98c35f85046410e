import { request, type Dispatcher } from 'undici';
import { IngestError, PermanentError, RetryableError } from '@ingest/errors';
import { assertUrlHostAllowed, parseCidrList } from '@ingest/net-guard';
import { normalizeUrl } from '@ingest/urls';
import { DEFAULTS, type FetchOptions, type FetchResponse } from './options.ts';
import { createGuardedAgent, remoteKey } from './guarded-agent.ts';
import { decodingOrder, readBody } from './body.ts';
import { REDIRECT_STATUSES, statusError } from './status.ts';
import { mapNetworkError } from './network-errors.ts';
import { flattenHeaders, requestHeaders } from './request-headers.ts';
import { RequestWriteRefused, withRequestWriteHook } from './request-write-hook.ts';

type Limits = Required<Pick<FetchOptions, 'maxBytes' | 'maxRedirects' | 'maxDecompressionRatio' | 'maxEncodingLayers' | 'maxRetryAfterMs' | 'bodyTimeoutMs' | 'onTooLarge'>>;
type ResponseData = Dispatcher.ResponseData;

/**
 * GET a page with redirects followed by hand, so every hop is normalised, scheme-checked,
 * network-guarded and robots-checked. Non-success statuses become typed errors.
 */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchResponse> {
  const limits: Limits = {
    maxBytes: options.maxBytes ?? DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
    maxDecompressionRatio: options.maxDecompressionRatio ?? DEFAULTS.maxDecompressionRatio,
    maxEncodingLayers: options.maxEncodingLayers ?? DEFAULTS.maxEncodingLayers,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
    onTooLarge: options.onTooLarge ?? 'error',
  };
  const requestedUrl = normalizeUrl(url);
  const allow = parseCidrList(options.allowNetworks);
  const headers = requestHeaders(options);
  // One agent per fetch: its connector records peer addresses for this fetch only, and no pooled
  // connection outlives the options (allow list, lookup) it was opened under.
  const { agent, remoteAddresses } = createGuardedAgent({
    allow,
    lookup: options.lookup,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    bodyTimeoutMs: limits.bodyTimeoutMs,
    maxHeaderBytes: options.maxHeaderBytes ?? DEFAULTS.maxHeaderBytes,
    ca: options.ca,
  });
  const dispatcher = options.onRequestWrite ? withRequestWriteHook(agent, options.onRequestWrite) : agent;

  const redirects: { url: string; status: number }[] = [];
  const seen = new Set<string>([requestedUrl]);
  let current = requestedUrl;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      // Fails fast with a clear message for literal IPs; the connector checks again at connect time.
      assertUrlHostAllowed(current, allow);
      if (options.checkRobots) await options.checkRobots(current);

      let res: ResponseData;
      try {
        res = await request(current, { dispatcher, method: 'GET', headers, signal: options.signal });
      } catch (err) {
        throw translate(err, current, options.signal);
      }
      const resHeaders = flattenHeaders(res.headers);
      const location = resHeaders.location;
      if (!REDIRECT_STATUSES.has(res.statusCode) || !location) {
        const u = new URL(current);
        const remoteAddress = remoteAddresses.get(remoteKey(u.protocol, u.hostname, u.port)) ?? null;
        const meta = { requestedUrl, finalUrl: current, redirects, remoteAddress, requestHeaders: { host: u.host, ...headers } };
        return await finalResponse(res, resHeaders, meta, limits, options.signal);
      }

      await res.body.dump().catch(() => undefined);
      if (redirects.length >= limits.maxRedirects) {
        throw new PermanentError('TOO_MANY_REDIRECTS', `More than ${limits.maxRedirects} redirects starting at ${requestedUrl} (last: ${current})`, {
          details: { url: requestedUrl, redirects: [...redirects, { url: current, status: res.statusCode }] },
        });
      }
      const next = redirectTarget(location, current);
      redirects.push({ url: current, status: res.statusCode });
      if (seen.has(next)) {
        throw new PermanentError('REDIRECT_LOOP', `Redirect loop: ${current} → ${next}, which was already visited`, { details: { url: requestedUrl, redirects, loopsTo: next } });
      }
      seen.add(next);
      current = next;
    }
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

function redirectTarget(location: string, from: string): string {
  try {
    return normalizeUrl(location, from);
  } catch (err) {
    if (err instanceof IngestError) err.message = `Redirect from ${from} to ${JSON.stringify(location.slice(0, 200))}: ${err.message}`;
    throw err;
  }
}

type ResponseMeta = Pick<FetchResponse, 'requestedUrl' | 'finalUrl' | 'redirects' | 'remoteAddress' | 'requestHeaders'>;

/** Turns the last hop into a FetchResponse (2xx, 304) or a typed error. */
async function finalResponse(res: ResponseData, headers: Record<string, string>, meta: ResponseMeta, limits: Limits, callerSignal: AbortSignal | undefined): Promise<FetchResponse> {
  const url = meta.finalUrl;
  const status = res.statusCode;
  const base = {
    ...meta,
    status,
    headers,
    fetchedAt: new Date().toISOString(),
    contentType: headers['content-type'] ?? null,
    etag: headers.etag ?? null,
    lastModified: headers['last-modified'] ?? null,
  };
  if (status === 304) {
    await res.body.dump().catch(() => undefined);
    return { ...base, body: Buffer.alloc(0), notModified: true, encodedBytes: 0, truncated: false };
  }
  if (status < 200 || status >= 300) {
    await res.body.dump().catch(() => undefined);
    throw statusError(status, url, headers['retry-after'] ?? null, limits.maxRetryAfterMs);
  }

  const declared = Number(headers['content-length']);
  if (limits.onTooLarge === 'error' && Number.isFinite(declared) && declared > limits.maxBytes) {
    discard(res.body);
    throw new PermanentError('BODY_TOO_LARGE', `Body of ${url} is ${declared} bytes (Content-Length); the limit is ${limits.maxBytes}`, {
      details: { url, maxBytes: limits.maxBytes, contentLength: declared },
    });
  }
  let encodings: string[];
  try {
    encodings = decodingOrder(headers['content-encoding'], url, limits.maxEncodingLayers);
  } catch (err) {
    discard(res.body);
    throw err;
  }

  const deadline = AbortSignal.timeout(limits.bodyTimeoutMs);
  const signal = callerSignal ? AbortSignal.any([deadline, callerSignal]) : deadline;
  try {
    const result = await readBody(res.body, encodings, limits, url, signal);
    return { ...base, body: result.body, notModified: false, encodedBytes: result.encodedBytes, truncated: result.truncated };
  } catch (err) {
    discard(res.body);
    if (err instanceof IngestError) throw err;
    if (deadline.aborted) {
      throw new RetryableError('TIMEOUT', `Timed out after ${limits.bodyTimeoutMs} ms reading the body of ${url}`, { details: { url, phase: 'body', timeoutMs: limits.bodyTimeoutMs } });
    }
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && ZLIB_ERROR.test(code)) {
      // Usually a server or proxy fault (truncated or mislabelled body); worth another try later.
      throw new RetryableError('HTTP_SERVER_ERROR', `Corrupt ${encodings.join('+')} body from ${url}: ${(err as Error).message}`, { cause: err, details: { url, code } });
    }
    throw translate(err, url, callerSignal);
  }
}

const ZLIB_ERROR = /^(Z_|ERR__ERROR|ERR_BROTLI|ZSTD_error|ERR_ZSTD|ERR_ZLIB)/;

/** Tears the body down; the listener keeps undici's AbortError from surfacing as an uncaught error. */
function discard(body: { on(event: 'error', listener: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function translate(err: unknown, url: string, signal: AbortSignal | undefined): Error {
  if (err instanceof IngestError || err instanceof RequestWriteRefused) return err;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === 'TimeoutError') {
      return new RetryableError('TIMEOUT', `Aborted by the caller's deadline while fetching ${url}`, { cause: reason, details: { url } });
    }
    return reason instanceof Error ? reason : new Error(`Fetch of ${url} aborted`, { cause: reason });
  }
  return mapNetworkError(err, url);
}
