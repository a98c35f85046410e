// Every key lives under the queue prefix, whose braces make it a Redis Cluster hash tag: the Lua
// scripts touch several keys and need them in one slot.

export function clusterWindowKeys(prefix: string, window: number): { signatures: string; bands: string } {
  return { signatures: `${prefix}:dedupe:docs:${window}:sig`, bands: `${prefix}:dedupe:docs:${window}:band` };
}

export interface HostKeys {
  /** fingerprint → number of distinct pages it was seen on (decayed). */
  counts: string;
  /** pages (decayed page count), version (bumped when template fingerprints are added). */
  meta: string;
  /** Pages already counted (idempotence of re-runs). */
  pages: string;
  /** Near-duplicate clusters already counted: a print/AMP copy is not a second page. */
  idents: string;
  template: string;
  /** Recently extracted pages: docRef → JSON, and docRef → first-seen time for eviction. */
  recent: string;
  recentOrder: string;
}

export function hostKeys(prefix: string, host: string): HostKeys {
  const base = `${prefix}:dedupe:tpl:${host.toLowerCase()}`;
  return {
    counts: `${base}:counts`,
    meta: `${base}:meta`,
    pages: `${base}:pages`,
    idents: `${base}:idents`,
    template: `${base}:template`,
    recent: `${base}:recent`,
    recentOrder: `${base}:recent-order`,
  };
}
