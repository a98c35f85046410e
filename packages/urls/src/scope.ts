import { registrableDomain } from './domain.ts';

export interface CrawlScope {
  /** 'host': same host as a start URL (a leading "www." is ignored); 'domain': same registrable domain. */
  mode: 'host' | 'domain';
  startUrls: string[];
  /** The URL path must start with one of these (e.g. "/archive/"). */
  pathPrefixes?: string[];
  /** Regex sources; when non-empty, the full URL must match at least one. */
  include?: string[];
  /** Regex sources; the full URL must match none. */
  exclude?: string[];
}

export type ScopeMatcher = (url: string) => boolean;

/** Compiles a scope once; use this in loops instead of inScope. Throws SyntaxError on a bad regex. */
export function createScopeMatcher(scope: CrawlScope): ScopeMatcher {
  const keyOf = scope.mode === 'host' ? hostKey : (h: string) => registrableDomain(h);
  const allowed = new Set<string>();
  for (const start of scope.startUrls) {
    const u = URL.parse(start);
    if (u) allowed.add(keyOf(u.hostname));
  }
  const prefixes = scope.pathPrefixes?.filter((p) => p !== '') ?? [];
  const include = (scope.include ?? []).map((s) => new RegExp(s));
  const exclude = (scope.exclude ?? []).map((s) => new RegExp(s));

  return (url: string): boolean => {
    const u = URL.parse(url);
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return false;
    if (!allowed.has(keyOf(u.hostname))) return false;
    if (prefixes.length > 0 && !prefixes.some((p) => u.pathname.startsWith(p))) return false;
    if (include.length > 0 && !include.some((r) => r.test(url))) return false;
    if (exclude.some((r) => r.test(url))) return false;
    return true;
  };
}

// News sites routinely link between example.com and www.example.com; treating them as one host
// keeps a "host" scope from silently losing half the site.
function hostKey(host: string): string {
  const h = host.toLowerCase().replace(/\.+$/, '');
  return h.startsWith('www.') ? h.slice(4) : h;
}

const matcherCache = new WeakMap<CrawlScope, ScopeMatcher>();

export function inScope(url: string, scope: CrawlScope): boolean {
  let m = matcherCache.get(scope);
  if (!m) {
    m = createScopeMatcher(scope);
    matcherCache.set(scope, m);
  }
  return m(url);
}
