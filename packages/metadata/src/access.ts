/** Paywall and robots signals: what the page says about who may read it and what we may index. */
import { ld, type Context } from './context.ts';
import { asArray, isObject, resolve } from './jsonld.ts';

export interface PageAccess {
  /** schema.org isAccessibleForFree (or article:content_tier): true, false, or null when the page does not say. */
  accessibleForFree: boolean | null;
  /** CSS selectors of the parts marked isAccessibleForFree=false (schema.org hasPart → WebPageElement). */
  paywalledSelectors: string[];
}

export interface RobotsDirectives {
  noindex: boolean;
  nofollow: boolean;
  nosnippet: boolean;
  noarchive: boolean;
}

function boolOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    // schema.org's own enumeration URLs are used as values too
    if (s === 'true' || s.endsWith('schema.org/true')) return true;
    if (s === 'false' || s.endsWith('schema.org/false')) return false;
  }
  return null;
}

export function extractAccess(ctx: Context): PageAccess {
  const parts = asArray(ld(ctx, 'hasPart'))
    .map((p) => resolve(p, ctx.byId))
    .filter(isObject);
  const selectors: string[] = [];
  for (const part of parts) {
    if (boolOf(part['isAccessibleForFree']) !== false) continue;
    for (const sel of asArray(part['cssSelector'])) if (typeof sel === 'string' && sel.trim() !== '' && sel.length <= 200) selectors.push(sel.trim());
  }
  let free = boolOf(ld(ctx, 'isAccessibleForFree'));
  // the page node (WebPage) may carry the flag for the article it contains
  if (free === null) for (const n of ctx.nodes) if ((free = boolOf(n['isAccessibleForFree'])) !== null) break;
  if (free === null) {
    // Open Graph article namespace: free | metered | locked
    const tier = ctx.meta.first('article:content_tier')?.toLowerCase();
    if (tier === 'free') free = true;
    else if (tier === 'locked' || tier === 'metered') free = false;
  }
  if (free === null && selectors.length > 0) free = false;
  return { accessibleForFree: free, paywalledSelectors: [...new Set(selectors)].slice(0, 20) };
}

// Directives that take a value after a colon; any other "word:" is a user-agent prefix (X-Robots-Tag).
const VALUED = new Set(['max-snippet', 'max-image-preview', 'max-video-preview', 'unavailable_after']);

/**
 * Robots directives from <meta name="robots"> contents and X-Robots-Tag values. A group prefixed
 * with a user agent ("otherbot: noindex") applies only to that agent; unprefixed ones apply to all.
 * "none" is noindex+nofollow; "max-snippet:0" forbids snippets as nosnippet does.
 */
export function parseRobots(values: (string | null | undefined)[], agent?: string): RobotsDirectives {
  const out: RobotsDirectives = { noindex: false, nofollow: false, nosnippet: false, noarchive: false };
  const me = agent?.toLowerCase();
  for (const value of values) {
    if (!value) continue;
    let applies = true;
    for (let token of value.toLowerCase().split(',')) {
      token = token.trim();
      const m = /^([a-z0-9_.-]+)\s*:\s*(.*)$/.exec(token);
      if (m && !VALUED.has(m[1]!)) {
        applies = m[1] === me;
        token = m[2]!.trim();
      }
      if (!applies) continue;
      if (token === 'noindex' || token === 'none') out.noindex = true;
      if (token === 'nofollow' || token === 'none') out.nofollow = true;
      if (token === 'nosnippet' || /^max-snippet\s*:\s*0$/.test(token)) out.nosnippet = true;
      if (token === 'noarchive') out.noarchive = true;
    }
  }
  return out;
}

/** Directives from several sources: any source forbidding something forbids it. */
export function mergeRobots(a: RobotsDirectives, b: RobotsDirectives): RobotsDirectives {
  return { noindex: a.noindex || b.noindex, nofollow: a.nofollow || b.nofollow, nosnippet: a.nosnippet || b.nosnippet, noarchive: a.noarchive || b.noarchive };
}
