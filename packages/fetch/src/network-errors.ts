import { IngestError, RetryableError } from '@ingest/errors';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EHOSTDOWN', 'ENETDOWN', 'EPROTO',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_RESPONSE_STATUS_CODE', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_HEADER_TOKEN',
]);

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
  if (code && TIMEOUT_CODES.has(code)) return new RetryableError('TIMEOUT', `Timed out fetching ${url}: ${message}`, { cause: err, details });
  if (code && DNS_CODES.has(code)) return new RetryableError('DNS_FAILURE', `DNS lookup failed for ${url}: ${message}`, { cause: err, details });
  if ((code && CONNECT_CODES.has(code)) || /^(ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO)|CERT/.test(code ?? '')) {
    return new RetryableError('CONNECT_FAILED', `Could not connect to or read from ${url}: ${message}`, { cause: err, details });
  }
  return new IngestError('INTERNAL', `Unexpected error fetching ${url}: ${message}`, { cause: err, details });
}
