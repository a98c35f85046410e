/** RFC 9309 requires parsing at least 500 KiB; anything after that is ignored. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsRule {
  allow: boolean;
  /** Path pattern as written, percent-encoding normalised; may contain '*' and a trailing '$'. */
  pattern: string;
}

export interface RobotsGroup {
  /** Lower-cased product tokens from the group's user-agent lines ('*' for the default group). */
  agents: string[];
  rules: RobotsRule[];
  crawlDelaySeconds?: number;
}

/** Parsed robots.txt, JSON-serialisable so it can be cached in Redis. */
export interface RobotsData {
  groups: RobotsGroup[];
  sitemaps: string[];
}

// Common misspellings that Google and others accept.
const KEY_ALIASES: Record<string, string> = {
  'user-agent': 'user-agent',
  useragent: 'user-agent',
  'user agent': 'user-agent',
  allow: 'allow',
  disallow: 'disallow',
  dissallow: 'disallow',
  dissalow: 'disallow',
  disalow: 'disallow',
  'crawl-delay': 'crawl-delay',
  crawldelay: 'crawl-delay',
  sitemap: 'sitemap',
  'site-map': 'sitemap',
};

/**
 * Product token of a user-agent line or string: "Googlebot/2.1 (+http…)" → "googlebot". For
 * browser-style strings ("Mozilla/5.0 (compatible; IngestBot/1.0; +url)") the token after
 * "compatible;" is the crawler's name, not "mozilla".
 */
export function productToken(userAgent: string): string {
  const compatible = /\(compatible;\s*([A-Za-z_-]+)/i.exec(userAgent);
  if (compatible?.[1]) return compatible[1].toLowerCase();
  const m = /^[A-Za-z_-]+/.exec(userAgent.trim());
  return (m?.[0] ?? userAgent.trim()).toLowerCase();
}

/**
 * Parses robots.txt per RFC 9309. Consecutive user-agent lines share one group; a user-agent line
 * after a rule starts a new group; rules before any user-agent line are ignored. Sitemap lines are
 * global and resolved against `baseUrl` when given.
 */
export function parseRobots(input: string | Uint8Array, baseUrl?: string): RobotsData {
  const text = typeof input === 'string' ? input : decodeLimited(input);
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  let lastWasAgent = false;

  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = KEY_ALIASES[line.slice(0, colon).trim().toLowerCase()];
    const value = line.slice(colon + 1).trim();
    if (!key) continue;

    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value === '*' ? '*' : productToken(value));
      lastWasAgent = true;
      continue;
    }
    if (key === 'sitemap') {
      const abs = URL.parse(value, baseUrl);
      if (abs && (abs.protocol === 'http:' || abs.protocol === 'https:')) sitemaps.push(abs.href);
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0 && current.crawlDelaySeconds === undefined) current.crawlDelaySeconds = seconds;
      continue;
    }
    // An empty Disallow means "nothing is disallowed" and matches no path.
    if (value === '') continue;
    current.rules.push({ allow: key === 'allow', pattern: normalizePattern(value) });
  }
  return { groups, sitemaps: [...new Set(sitemaps)] };
}

function decodeLimited(bytes: Uint8Array): string {
  let slice = bytes.subarray(0, ROBOTS_MAX_BYTES);
  if (bytes.length > ROBOTS_MAX_BYTES) {
    // Drop the partial last line rather than parse half a rule.
    const lastNewline = slice.lastIndexOf(0x0a);
    if (lastNewline > 0) slice = slice.subarray(0, lastNewline);
  }
  return new TextDecoder('utf-8').decode(slice);
}

/**
 * Brings a pattern and a URL path to the same form: non-ASCII characters UTF-8 percent-encoded,
 * escapes upper-cased, escapes of unreserved characters decoded.
 */
export function normalizePattern(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    const code = ch.codePointAt(0) ?? 0;
    out += code > 0x7e || code < 0x21 ? encodeURIComponent(ch) : ch;
  }
  return out.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}
