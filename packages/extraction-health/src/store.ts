import type { Redis } from 'ioredis';
import { decodeFigures, EXAMPLE_SLOTS, isBroken, pageIncrements, type BrokenExample, type HostFigures, type PageObservation } from './figures.ts';
import { RECORD_FIGURES } from './script.ts';
import { detectShift, SHIFT_THRESHOLDS, type ShiftThresholds, type ShiftVerdict } from './shift.ts';

/** A host whose extraction shifted sharply from its previous generation to the current one. */
export interface FlaggedHost {
  host: string;
  /** When the flag was last confirmed (ISO). */
  at: string;
  reasons: ShiftVerdict['reasons'];
  previous: HostFigures;
  current: HostFigures;
}

export interface ExtractionHealthOptions {
  /** How long increments are summed in memory before they reach Redis. */
  flushMs?: number;
  ttlDays?: number;
  thresholds?: ShiftThresholds;
  clock?: () => number;
}

interface Pending {
  host: string;
  generation: string;
  /** Earliest fetch time (ms) of the pages summed: orders generations. */
  fetchedAt: number;
  increments: Map<string, number>;
  examples: BrokenExample[];
}

/**
 * The flush is slower than the pipeline counters' (500 ms): a flag seconds late costs nothing,
 * and each flush is one script call per host that had pages, so a host crawled at 50 pages/s
 * costs under 0.01 script calls a page.
 */
export const HEALTH_FLUSH_MS = 2_000;

/** Hosts whose examples-sent count is remembered; beyond it a host may send its examples again (HSETNX keeps the first). */
const MAX_REMEMBERED = 10_000;

/**
 * Per-host extraction figures per generation, kept in Redis by every extract process, and the
 * hosts whose figures shifted sharply between generations (a redesign that broke extraction).
 *
 * Bounded per host whatever it crawls: two generation hashes of a few dozen fields (counters, a
 * body-length and a confidence histogram, EXAMPLE_SLOTS examples), a meta hash, and one entry in
 * the flagged hash while flagged. Pages are summed in memory and written every flushMs as one
 * script call per (host, generation).
 */
export class ExtractionHealth {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly flushMs: number;
  private readonly ttlSeconds: number;
  private readonly thresholds: ShiftThresholds;
  private readonly clock: () => number;
  private pending = new Map<string, Pending>();
  private readonly examplesSent = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(redis: Redis, prefix: string, options: ExtractionHealthOptions = {}) {
    this.redis = redis;
    this.prefix = prefix;
    this.flushMs = options.flushMs ?? HEALTH_FLUSH_MS;
    this.ttlSeconds = (options.ttlDays ?? 90) * 86_400;
    this.thresholds = options.thresholds ?? SHIFT_THRESHOLDS;
    this.clock = options.clock ?? Date.now;
  }

  private keys(host: string): [string, string, string] {
    const base = `${this.prefix}:xhealth:host:${host.toLowerCase()}`;
    return [`${base}:meta`, `${base}:a`, `${base}:b`];
  }

  private get flaggedKey(): string {
    return `${this.prefix}:xhealth:flagged`;
  }

  /** Adds one extracted page, fetched at `fetchedAt` (ms), to its host's generation (in memory until the next flush). */
  record(host: string, generation: string, page: PageObservation, fetchedAt: number = this.clock()): void {
    const id = `${host}\n${generation}`;
    let p = this.pending.get(id);
    if (!p) {
      p = { host, generation, fetchedAt, increments: new Map(), examples: [] };
      this.pending.set(id, p);
    }
    p.fetchedAt = Math.min(p.fetchedAt, fetchedAt);
    for (const [field, by] of pageIncrements(page)) p.increments.set(field, (p.increments.get(field) ?? 0) + by);
    const reason = isBroken(page);
    if (reason && (this.examplesSent.get(id) ?? 0) + p.examples.length < EXAMPLE_SLOTS) {
      p.examples.push({ url: page.url, reason, bodyLength: page.bodyLength, confidence: page.confidence });
    }
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
  }

  /** Writes what was recorded so far and updates the flags of the hosts it touched; a failed write keeps it for the next flush. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    const write = this.inFlight.then(async () => {
      const entries = [...batch];
      for (let i = 0; i < entries.length; i++) {
        try {
          await this.write(...entries[i]!);
        } catch (err) {
          // This host's and every later host's pages wait for the next flush.
          for (const [id, p] of entries.slice(i)) this.requeue(id, p);
          this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
          throw err;
        }
      }
    });
    this.inFlight = write.catch(() => {});
    return write;
  }

  private requeue(id: string, p: Pending): void {
    const into = this.pending.get(id);
    if (!into) {
      this.pending.set(id, p);
      return;
    }
    into.fetchedAt = Math.min(into.fetchedAt, p.fetchedAt);
    for (const [field, by] of p.increments) into.increments.set(field, (into.increments.get(field) ?? 0) + by);
    into.examples.unshift(...p.examples.slice(0, Math.max(0, EXAMPLE_SLOTS - into.examples.length)));
  }

  private async write(id: string, p: Pending): Promise<void> {
    const sent = this.examplesSent.get(id) ?? 0;
    const increments = [...p.increments].flatMap(([f, by]) => [f, String(by)]);
    const examples = p.examples.slice(0, EXAMPLE_SLOTS - sent).flatMap((e, i) => [`x${sent + i}`, JSON.stringify(e)]);
    const keys = this.keys(p.host);
    const reply = (await this.redis.eval(
      RECORD_FIGURES,
      keys.length,
      ...keys,
      p.generation,
      String(p.fetchedAt),
      String(this.ttlSeconds),
      String(this.thresholds.minPages),
      String(p.increments.size),
      ...increments,
      ...examples,
    )) as [string[], string[], string] | [];
    if (examples.length > 0) {
      if (this.examplesSent.size >= MAX_REMEMBERED) this.examplesSent.clear();
      this.examplesSent.set(id, sent + examples.length / 2);
    }
    if (reply.length === 0) return;
    const [cur, prev, flagged] = reply;
    const current = decodeFigures(pairs(cur));
    const previous = decodeFigures(pairs(prev));
    const verdict = detectShift(previous, current, this.thresholds);
    if (verdict.flagged && current && previous) {
      const entry: FlaggedHost = { host: p.host, at: new Date(this.clock()).toISOString(), reasons: verdict.reasons, previous, current };
      await this.redis.multi().hset(keys[0], 'flagged', '1').hset(this.flaggedKey, p.host, JSON.stringify(entry)).exec();
    } else if (verdict.compared && flagged) {
      await this.redis.multi().hdel(keys[0], 'flagged').hdel(this.flaggedKey, p.host).exec();
    }
  }

  /** The flagged hosts, most reasons first, at most `limit`. */
  async flagged(limit = Infinity): Promise<FlaggedHost[]> {
    const raw = await this.redis.hgetall(this.flaggedKey);
    const out: FlaggedHost[] = [];
    for (const value of Object.values(raw)) {
      try {
        out.push(JSON.parse(value) as FlaggedHost);
      } catch {
        // An entry another version wrote: skipped, the host's next flush writes it again.
      }
    }
    out.sort((a, b) => b.reasons.length - a.reasons.length || b.previous.articleRatio - b.current.articleRatio - (a.previous.articleRatio - a.current.articleRatio) || a.host.localeCompare(b.host));
    return out.slice(0, limit);
  }

  /** A host's current and previous generation as stored (after this process's pending pages are written). */
  async figures(host: string): Promise<{ current: HostFigures | null; previous: HostFigures | null }> {
    await this.flush();
    const [meta, a, b] = this.keys(host);
    const [cur, ha, hb] = (await this.redis.multi().hget(meta, 'cur').hgetall(a).hgetall(b).exec()) as [
      [Error | null, string | null],
      [Error | null, Record<string, string>],
      [Error | null, Record<string, string>],
    ];
    const fa = decodeFigures(ha[1]);
    const fb = decodeFigures(hb[1]);
    return cur[1] === 'b' ? { current: fb, previous: fa } : { current: fa, previous: fb };
  }

  /** Writes what is still in memory; call before closing the Redis connection. */
  async close(): Promise<void> {
    await this.flush().catch(() => {});
  }
}

function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
