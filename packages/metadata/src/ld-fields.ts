/** Reading PageMetadata fields out of the chosen JSON-LD nodes. */
import { asArray, isObject, resolve, typesOf, type JsonObject } from './jsonld.ts';
import { nameFromProfileUrl, splitAuthorString } from './authors.ts';
import { clean, stripTags } from './text.ts';
import type { PageImage } from './types.ts';

export function ldString(v: unknown): string | null {
  if (typeof v === 'string') return clean(stripTags(v));
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = ldString(x);
      if (s) return s;
    }
    return null;
  }
  if (isObject(v)) return ldString(v['@value'] ?? v['name']);
  return null;
}

/** Author names from string / Person / Organization / arrays thereof, @id refs resolved. */
export function ldAuthors(v: unknown, byId: Map<string, JsonObject>): string[] {
  const out: string[] = [];
  for (const item of asArray(v).slice(0, 50)) {
    const a = resolve(item, byId);
    if (typeof a === 'string') {
      out.push(...(/^https?:\/\//.test(a.trim()) ? [nameFromProfileUrl(a.trim())].filter((x): x is string => !!x) : splitAuthorString(a)));
    } else if (isObject(a)) {
      const name = ldString(a['name']) ?? joinName(a);
      if (name) out.push(...splitAuthorString(name));
      else if (typeof a['url'] === 'string') {
        const n = nameFromProfileUrl(a['url']);
        if (n) out.push(n);
      }
    }
  }
  return out;
}

/** Names of authors typed as organisations (the newsroom, an agency) rather than people. */
export function ldOrganizationAuthors(v: unknown, byId: Map<string, JsonObject>): string[] {
  const out: string[] = [];
  for (const item of asArray(v).slice(0, 50)) {
    const a = resolve(item, byId);
    if (isObject(a) && typesOf(a).some((t) => /Organization|Corporation|NewsMedia|Brand/i.test(t))) {
      const name = ldString(a['name']);
      if (name) out.push(name);
    }
  }
  return out;
}

function joinName(a: JsonObject): string | null {
  const given = ldString(a['givenName']);
  const family = ldString(a['familyName']);
  return given || family ? [given, family].filter(Boolean).join(' ') : null;
}

export function ldImage(v: unknown, byId: Map<string, JsonObject>, base: string): PageImage | null {
  for (const item of asArray(v).slice(0, 10)) {
    const img = resolve(item, byId);
    if (typeof img === 'string') {
      const url = abs(img, base);
      if (url) return { url, caption: null, credit: null };
    } else if (isObject(img)) {
      const url = abs(ldString(img['url']) ?? ldString(img['contentUrl']), base);
      if (!url) continue;
      const credit = ldString(img['creditText']) ?? ldString(resolve(img['copyrightHolder'], byId)) ?? ldString(resolve(img['author'], byId)) ?? ldString(img['copyrightNotice']);
      return { url, caption: ldString(img['caption']) ?? ldString(img['description']), credit };
    }
  }
  return null;
}

function abs(u: string | null, base: string): string | null {
  if (!u) return null;
  try {
    return new URL(u, base).href;
  } catch {
    return null;
  }
}

export function ldKeywords(v: unknown): string[] {
  const out: string[] = [];
  for (const k of asArray(v).slice(0, 100)) {
    const s = ldString(k);
    if (s) out.push(...s.split(/\s*[,;]\s*/));
  }
  return out;
}

/** Publisher / WebSite name for the site label. */
export function ldSiteName(article: JsonObject | null, nodes: JsonObject[], byId: Map<string, JsonObject>): string | null {
  const pub = article ? resolve(asArray(article['publisher'])[0], byId) : undefined;
  const fromArticle = isObject(pub) ? ldString(pub['name']) : ldString(pub);
  if (fromArticle) return fromArticle;
  for (const n of nodes) {
    if (typesOf(n).some((t) => /^(WebSite|NewsMediaOrganization)$/i.test(t))) {
      const s = ldString(n['name']);
      if (s) return s;
    }
  }
  return null;
}
