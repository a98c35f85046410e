import { decodeHTML } from 'entities';

/** Small string helpers shared by the field extractors. */

const WS = /[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+/g;

export function collapse(s: string): string {
  return s.replace(WS, ' ').trim();
}

/** Collapse whitespace; null for empty or non-string input. */
export function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = collapse(decodeEntities(value));
  return s.length > 0 ? s : null;
}

/**
 * JSON-LD and some meta values arrive double-escaped (`&amp;ouml;`, `&#039;`), because CMSs
 * escape strings into JSON after HTML-escaping them; decode what remains.
 */
export function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/** Strip HTML tags that some sites leave inside JSON-LD strings. */
export function stripTags(s: string): string {
  return s.includes('<') ? s.replace(/<[^>]{0,500}>/g, ' ') : s;
}

export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

/** Lowercase, strip diacritics and punctuation: for comparing names and site labels. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function absoluteUrl(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
