/**
 * Failed API key attempts per client IP in fixed one-minute windows: past the limit, key checks
 * from that IP answer 429 until the window ends, so keys cannot be guessed at line rate.
 * Successful requests are not counted. In memory, per API process (each replica limits alone).
 */
export class AuthThrottle {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(limit: number, windowMs = 60_000, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Seconds until this IP may try again; 0 when it may try now. */
  retryAfterSeconds(ip: string): number {
    const entry = this.failures.get(ip);
    if (!entry) return 0;
    const left = entry.resetAt - this.now();
    if (left <= 0) {
      this.failures.delete(ip);
      return 0;
    }
    return entry.count >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  failed(ip: string): void {
    const now = this.now();
    const entry = this.failures.get(ip);
    if (entry && entry.resetAt > now) entry.count += 1;
    else {
      if (this.failures.size >= 100_000) this.prune(now);
      this.failures.set(ip, { count: 1, resetAt: now + this.windowMs });
    }
  }

  private prune(now: number): void {
    for (const [ip, e] of this.failures) if (e.resetAt <= now) this.failures.delete(ip);
    // Still full (a flood from many addresses): forget the oldest rather than grow without bound.
    for (const ip of this.failures.keys()) {
      if (this.failures.size < 100_000) break;
      this.failures.delete(ip);
    }
  }
}
