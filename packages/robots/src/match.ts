import { normalizePattern, productToken, type RobotsData, type RobotsRule } from './parse.ts';

/**
 * Wildcard match anchored at the start: '*' matches any run of characters, a trailing '$' anchors
 * the end. Matching segment by segment with leftmost occurrences is correct for '*'-only globs and
 * linear-ish, unlike a backtracking RegExp on hostile patterns.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const parts = body.split('*');
  const first = parts[0] ?? '';
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return anchored ? path.length === first.length : true;
  let pos = first.length;
  const last = parts[parts.length - 1] ?? '';
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const at = path.indexOf(part, pos);
    if (at === -1) return false;
    pos = at + part.length;
  }
  if (!anchored) return path.indexOf(last, pos) !== -1;
  return path.length - last.length >= pos && path.endsWith(last);
}

export interface RobotsPolicy {
  isAllowed(pathAndQuery: string): boolean;
  crawlDelaySeconds: number | null;
}

/** Rules that apply to `userAgent`: all groups naming its product token, else the '*' groups, merged. */
export function policyFor(robots: RobotsData, userAgent: string): RobotsPolicy {
  const token = productToken(userAgent);
  let groups = robots.groups.filter((g) => g.agents.includes(token));
  if (groups.length === 0) groups = robots.groups.filter((g) => g.agents.includes('*'));
  const rules: RobotsRule[] = groups.flatMap((g) => g.rules);
  const delays = groups.map((g) => g.crawlDelaySeconds).filter((d): d is number => d !== undefined);
  return {
    crawlDelaySeconds: delays.length > 0 ? Math.max(...delays) : null,
    isAllowed: (pathAndQuery) => isAllowedBy(rules, pathAndQuery),
  };
}

/** Longest matching pattern wins; on a tie, allow wins. /robots.txt itself is always allowed. */
export function isAllowedBy(rules: readonly RobotsRule[], pathAndQuery: string): boolean {
  const path = normalizePattern(pathAndQuery === '' ? '/' : pathAndQuery);
  if (path === '/robots.txt') return true;
  let best: RobotsRule | null = null;
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    const len = rule.pattern.length;
    const bestLen = best?.pattern.length ?? -1;
    if (len > bestLen || (len === bestLen && rule.allow && !best?.allow)) best = rule;
  }
  return best?.allow ?? true;
}
