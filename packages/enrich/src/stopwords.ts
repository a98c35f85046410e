/**
 * Small built-in stop-word lists (function words only) for key-phrase splitting and for telling
 * sentence-initial capitals from names. Deliberately short: they only need to break phrases.
 */
import stopwordLists from './data/stopwords.json' with { type: 'json' };

const LISTS: Record<string, string[]> = stopwordLists;

const CACHE = new Map<string, Set<string>>();

/** Stop words for a language (ISO 639-1); English is the fallback, and always included. */
export function stopWords(lang: string | null): Set<string> {
  const key = lang && LISTS[lang] ? lang : 'en';
  let set = CACHE.get(key);
  if (!set) {
    set = new Set([...(LISTS[key] ?? []), ...(LISTS['en'] ?? [])]);
    CACHE.set(key, set);
  }
  return set;
}

export function hasStopWords(lang: string): boolean {
  return lang in LISTS;
}
