// Every key lives under the queue prefix, whose braces make it a Redis Cluster hash tag: the Lua
// scripts touch several keys and need them in one slot.

export function clusterWindowKeys(prefix: string, window: number): { signatures: string; bands: string } {
  return { signatures: `${prefix}:dedupe:docs:${window}:sig`, bands: `${prefix}:dedupe:docs:${window}:band` };
}

export interface HostKeys {
  /** version, phase, gen, pages (counted in this window), since (pages since the last decision). */
  meta: string;
  template: string;
  /** fingerprint → number of distinct pages of the learning window it was seen on. */
  counts: string;
  /** Pages already counted in this window (idempotence of re-runs). */
  pages: string;
  /** Near-duplicate clusters already counted: a print/AMP copy is not a second page. */
  idents: string;
  /** Pages of the learning window: docRef → extract job JSON, and docRef → kept fingerprint prefixes. */
  recent: string;
  recentFps: string;
}

export function hostKeys(prefix: string, host: string): HostKeys {
  const base = `${prefix}:dedupe:tpl:${host.toLowerCase()}`;
  return {
    meta: `${base}:meta`,
    template: `${base}:template`,
    counts: `${base}:counts`,
    pages: `${base}:pages`,
    idents: `${base}:idents`,
    recent: `${base}:recent`,
    recentFps: `${base}:recent-fps`,
  };
}

/** In the order the template scripts take their KEYS. */
export function hostKeyList(k: HostKeys): string[] {
  return [k.meta, k.template, k.counts, k.pages, k.idents, k.recent, k.recentFps];
}
