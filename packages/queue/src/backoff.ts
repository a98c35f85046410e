/**
 * The stages' retry back-off: exponential with jitter, but never sooner than the failure itself
 * says the job can succeed. A robots.txt outage blocks its origin for minutes; retrying the page
 * every few seconds would burn every attempt against the cached outage while the error message
 * promises the site a pause.
 */
export const BACKOFF_TYPE = 'ingest';
export const BACKOFF_DELAY_MS = 2_000;
const JITTER = 0.5;

/** `details.retryAfterMs` of the error or of what it wraps (the worker rethrows with a cause). */
export function retryAfterOf(err: unknown): number | null {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const ms = (e as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) return ms;
  }
  return null;
}

export function retryDelayMs(attemptsMade: number, err: unknown, baseMs = BACKOFF_DELAY_MS, random: () => number = Math.random): number {
  const max = Math.round(2 ** Math.max(0, attemptsMade - 1) * baseMs);
  const exponential = Math.floor(random() * max * JITTER + max * (1 - JITTER));
  return Math.max(exponential, retryAfterOf(err) ?? 0);
}

/** BullMQ's custom strategy hook (Worker settings.backoffStrategy). */
export function backoffStrategy(attemptsMade: number, _type?: string, err?: Error, job?: { opts?: { backoff?: number | { delay?: number } } }): number {
  const backoff = job?.opts?.backoff;
  const base = typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : BACKOFF_DELAY_MS;
  return retryDelayMs(attemptsMade, err, base);
}
