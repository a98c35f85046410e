export const DEFAULT_RETRY_AFTER_MS = 60_000;
// A server asking for a pause of days is misconfigured or hostile, and the pause holds back every
// page of its host; longer requests are clamped (FETCH_MAX_RETRY_AFTER_MS).
export const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date, clamped to [0, maxMs]; null when absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now(), maxMs: number = DEFAULT_MAX_RETRY_AFTER_MS): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '') return null;
  let ms: number;
  // Digits only; a 400-digit "number" is Infinity, which the clamp turns into maxMs.
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), maxMs);
}
