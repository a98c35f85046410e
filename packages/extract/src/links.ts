/** What link resolution needs of a page: its anchors in document order. */
export interface AnchorList {
  anchors: readonly { href: string; text: string }[];
}

/** Resolves an href against the page; only http(s) survives (mailto:, javascript:, data: are not crawlable). */
export function resolveUrl(href: string, base: URL | undefined): string | undefined {
  const h = href.trim();
  if (h === '' || h.startsWith('#') || /^(?:javascript|mailto|tel|data|about|sms):/i.test(h)) return undefined;
  let u: URL;
  try {
    u = base ? new URL(h, base) : new URL(h);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  return u.href; // URL already lower-cases the host
}

/** Normalised URL for dedup: no fragment, lower-case host (URL does both), no trailing slash on the path. */
export function normaliseUrl(url: string): string {
  return url.endsWith('/') && !url.endsWith('://') ? url.replace(/\/+$/, '') : url;
}

export function pageBase(url: string, baseHref: string): URL | undefined {
  let page: URL | undefined;
  try {
    page = new URL(url);
  } catch {
    page = undefined;
  }
  if (baseHref) {
    try {
      return new URL(baseHref, page);
    } catch {
      /* invalid <base>: fall back to the page URL */
    }
  }
  return page;
}

export interface ResolvedLink {
  url: string;
  text: string;
}

/** Every anchor on the page, resolved once (teaser detection reuses the resolved URLs by anchor index). */
export function resolveAnchors(t: AnchorList, base: URL | undefined): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(t.anchors.length);
  const cache = new Map<string, string | undefined>();
  for (let k = 0; k < t.anchors.length; k++) {
    const href = t.anchors[k]!.href;
    let r = cache.get(href);
    if (r === undefined && !cache.has(href)) {
      r = resolveUrl(href, base);
      cache.set(href, r);
    }
    out[k] = r;
  }
  return out;
}

export function collectLinks(t: AnchorList, resolved: (string | undefined)[]): ResolvedLink[] {
  const seen = new Map<string, ResolvedLink>();
  for (let k = 0; k < t.anchors.length; k++) {
    const url = resolved[k];
    if (url === undefined) continue;
    const prev = seen.get(url);
    if (prev !== undefined && prev.text !== '') continue;
    // Anchor text was whitespace-collapsed during the walk (except inside <pre>).
    const text = t.anchors[k]!.text.trim();
    if (prev === undefined) seen.set(url, { url, text });
    else if (prev.text === '' && text !== '') prev.text = text;
  }
  return [...seen.values()];
}
