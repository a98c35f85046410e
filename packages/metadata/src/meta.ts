import type { MetaTag } from './dom.ts';
import { clean } from './text.ts';

/** Lookup over <meta> tags by lowercased name/property. */
export class MetaIndex {
  readonly #byKey = new Map<string, string[]>();

  constructor(metas: MetaTag[]) {
    for (const { key, content } of metas) {
      const list = this.#byKey.get(key);
      if (list) list.push(content);
      else this.#byKey.set(key, [content]);
    }
  }

  /** First non-empty value among the keys, in the order given. */
  first(...keys: string[]): string | null {
    for (const k of keys) {
      for (const v of this.#byKey.get(k) ?? []) {
        const c = clean(v);
        if (c) return c;
      }
    }
    return null;
  }

  /** Every non-empty value of the keys, keys in the order given. */
  all(...keys: string[]): string[] {
    const out: string[] = [];
    for (const k of keys)
      for (const v of this.#byKey.get(k) ?? []) {
        const c = clean(v);
        if (c) out.push(c);
      }
    return out;
  }
}
