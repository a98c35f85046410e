/** What one visit to a host said about its health. */
export type HostSignal =
  /** Answered (any status but 429/503/5xx); `responseMs` from the request's send to the whole body read. */
  | { kind: 'ok'; responseMs: number }
  /** 429 or 503: the host asked us to slow down. */
  | { kind: 'throttled' }
  /** 5xx, timeout, reset: the host is struggling. */
  | { kind: 'failed' };

export interface GapLimits {
  /** The floor: the setting or robots.txt Crawl-delay, whichever is longer. Never gone below. */
  minMs: number;
  /** The ceiling for a struggling host. */
  maxMs: number;
  /** Requests the host may have in flight: a host answering in 2 s with 2 in flight sustains one start a second. */
  concurrency: number;
}

/** Slowing down on trouble starts from at least this, so a host with no delay configured backs off too. */
const BACKOFF_BASE_MS = 250;

/**
 * The next gap between request starts for a host (the AutoThrottle rule): halfway from the
 * current gap towards the response time divided by the concurrency, so a host that slows down
 * gets fewer requests and a fast one returns to the floor within a few responses; doubled on
 * 429/503 and ×1.5 on server errors, which never shorten the gap. Always within [minMs, maxMs].
 */
export function adaptGap(currentMs: number | null, signal: HostSignal, limits: GapLimits): number {
  const min = Math.max(0, limits.minMs);
  const max = Math.max(min, limits.maxMs);
  const clamp = (ms: number) => Math.round(Math.min(max, Math.max(min, ms)));
  const current = clamp(currentMs ?? min);
  switch (signal.kind) {
    case 'throttled':
      return clamp(Math.max(current, BACKOFF_BASE_MS) * 2);
    case 'failed':
      return clamp(Math.max(current, BACKOFF_BASE_MS) * 1.5);
    case 'ok': {
      const target = Math.max(0, signal.responseMs) / Math.max(1, limits.concurrency);
      return clamp((current + target) / 2);
    }
  }
}
