import { IngestError, PermanentError, RetryableError } from '@ingest/errors';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'UND_ERR_RESPONSE_STATUS_CODE',
]);
const HEADER_OVERFLOW_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'HPE_HEADER_OVERFLOW']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Finds an IngestError anywhere in a cause chain (undici wraps connector errors sometimes). */
function findIngestError(err: unknown): IngestError | null {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof IngestError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Maps a socket, DNS, TLS or undici error to the pipeline's error codes. */
export function mapNetworkError(err: unknown, url: string): IngestError {
  const ingest = findIngestError(err);
  if (ingest) return ingest;
  let code = codeOf(err);
  // Some undici errors carry the useful code on the cause (e.g. "other side closed" → ECONNRESET).
  const causeCode = codeOf((err as { cause?: unknown } | null)?.cause);
  if (code === 'UND_ERR_SOCKET' && causeCode) code = causeCode;
  const message = err instanceof Error ? err.message : String(err);
  const details = { url, code };
  if (code && HEADER_OVERFLOW_CODES.has(code)) {
    return new PermanentError('HEADERS_TOO_LARGE', `Response headers from ${url} exceed the fetcher's limit: ${message}`, { cause: err, details });
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new PermanentError('BODY_TOO_LARGE', `Body of ${url} exceeds the limit: ${message}`, { cause: err, details });
  // The server sent fewer (or more) body bytes than it announced: a server or proxy fault.
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return new RetryableError('HTTP_SERVER_ERROR', `Body of ${url} does not match its Content-Length: ${message}`, { cause: err, details });
  // Any llhttp parse failure (HPE_*) is a malformed response: the server's fault, not ours.
  if (code?.startsWith('HPE_')) return new RetryableError('CONNECT_FAILED', `Malformed HTTP response from ${url}: ${message}`, { cause: err, details });
  if (code && TIMEOUT_CODES.has(code)) return new RetryableError('TIMEOUT', `Timed out fetching ${url}: ${message}`, { cause: err, details });
  if (code && DNS_CODES.has(code)) return new RetryableError('DNS_FAILURE', `DNS lookup failed for ${url}: ${message}`, { cause: err, details });
  if ((code && CONNECT_CODES.has(code)) || /^(ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO)|CERT/.test(code ?? '')) {
    return new RetryableError('CONNECT_FAILED', `Could not connect to or read from ${url}: ${message}`, { cause: err, details });
  }
  // Left for our own bugs (invalid arguments to undici and the like).
  return new IngestError('INTERNAL', `Unexpected error fetching ${url}: ${message}`, { cause: err, details });
}
