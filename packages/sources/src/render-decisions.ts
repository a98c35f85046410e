import type { Redis } from 'ioredis';

export type RenderDecision = 'learning' | 'render' | 'plain';

export interface PatternStats {
  /** Pages whose plain fetch had the article: not rendered. */
  plainOk: number;
  /** Pages rendered to compare with their plain version. */
  rendered: number;
  /** Of those, how many the browser changed (an article, or far more text, where the plain page had none or little). */
  changed: number;
}

export interface PatternView extends PatternStats {
  /** host + generalised path, e.g. `news.example/:n/:n/*`. */
  pattern: string;
  decision: RenderDecision;
}

/** Renders compared before a pattern's verdict; more than Crawlee's default, since a wrong "plain" loses pages. */
export const RENDER_SAMPLE = 3;
/** Plain pages with articles in a pattern that has never needed a render, after which its pages skip the render stage. */
export const PLAIN_SAMPLE = 10;
/** A plain page with less than this share of the text the host's rendered pages have is "far less". */
export const FAR_LESS_TEXT = 0.3;

/** The verdict from the counts alone (pure), so every process reaches the same one. */
export function decide(s: PatternStats): RenderDecision {
  if (s.rendered >= RENDER_SAMPLE) return s.changed * 2 >= s.rendered ? 'render' : 'plain';
  if (s.rendered === 0 && s.plainOk >= PLAIN_SAMPLE) return 'plain';
  return 'learning';
}

function generalise(segment: string): string {
  if (/^\d+$/.test(segment)) return ':n';
  if (/^[0-9a-f-]{8,}$/i.test(segment) && /\d/.test(segment)) return ':id';
  return segment.toLowerCase();
}

/**
 * Pages of one kind share their directories: the last path segment (the slug or file) and any
 * numeric or hex segment (dates, ids) are generalised, at most three directories kept.
 */
export function urlPattern(url: string): string {
  const u = new URL(url);
  const segments = u.pathname.split('/').filter(Boolean);
  const last = u.pathname.endsWith('/') ? null : segments.pop();
  const dirs = segments.slice(0, 3).map(generalise);
  return `${u.host}/${dirs.map((d) => `${d}/`).join('')}${last !== undefined && last !== null ? '*' : ''}`;
}

const FIELDS = ['plainOk', 'rendered', 'changed'] as const;

/** What auto rendering has learned per source, host and URL pattern; one Redis hash per source. */
export class RenderDecisions {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private key(sourceId: string): string {
    return `${this.prefix}:source:${sourceId}:render`;
  }

  async get(sourceId: string, url: string): Promise<PatternView> {
    const pattern = urlPattern(url);
    const values = await this.redis.hmget(this.key(sourceId), ...FIELDS.map((f) => `${pattern}|${f}`));
    const stats = { plainOk: Number(values[0] ?? 0), rendered: Number(values[1] ?? 0), changed: Number(values[2] ?? 0) };
    return { pattern, ...stats, decision: decide(stats) };
  }

  /** The plain page had its article; returns the decision after counting it. */
  async recordPlain(sourceId: string, url: string): Promise<RenderDecision> {
    const pattern = urlPattern(url);
    await this.redis.hincrby(this.key(sourceId), `${pattern}|plainOk`, 1);
    return (await this.get(sourceId, url)).decision;
  }

  /** A page rendered to compare; `renderedChars` feeds the host's typical rendered length. */
  async recordRender(sourceId: string, url: string, changed: boolean, renderedChars: number): Promise<RenderDecision> {
    const pattern = urlPattern(url);
    const host = new URL(url).host;
    const multi = this.redis.multi().hincrby(this.key(sourceId), `${pattern}|rendered`, 1);
    if (changed) multi.hincrby(this.key(sourceId), `${pattern}|changed`, 1).hincrby(this.key(sourceId), `host:${host}|chars`, renderedChars).hincrby(this.key(sourceId), `host:${host}|pages`, 1);
    await multi.exec();
    return (await this.get(sourceId, url)).decision;
  }

  /** Mean text length of the host's pages that rendering improved (0 before any). */
  async hostRenderedChars(sourceId: string, host: string): Promise<number> {
    const [chars, pages] = await this.redis.hmget(this.key(sourceId), `host:${host}|chars`, `host:${host}|pages`);
    return Number(pages ?? 0) > 0 ? Number(chars ?? 0) / Number(pages) : 0;
  }

  async list(sourceId: string): Promise<PatternView[]> {
    const all = await this.redis.hgetall(this.key(sourceId));
    const byPattern = new Map<string, PatternStats>();
    for (const [field, value] of Object.entries(all)) {
      const at = field.lastIndexOf('|');
      const pattern = field.slice(0, at);
      const name = field.slice(at + 1) as keyof PatternStats;
      if (pattern.startsWith('host:') || !FIELDS.includes(name)) continue;
      const stats = byPattern.get(pattern) ?? { plainOk: 0, rendered: 0, changed: 0 };
      stats[name] = Number(value);
      byPattern.set(pattern, stats);
    }
    return [...byPattern].map(([pattern, stats]) => ({ pattern, ...stats, decision: decide(stats) })).sort((a, b) => a.pattern.localeCompare(b.pattern));
  }

  async remove(sourceId: string): Promise<void> {
    await this.redis.del(this.key(sourceId));
  }
}
