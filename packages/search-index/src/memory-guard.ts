import type { VersionGuard } from './version-guard.ts';

/**
 * The version guard in one process, for unit tests: the same compare-and-set as the Redis
 * script, and claims run one at a time as under its lock.
 */
export class MemoryVersionGuard implements VersionGuard {
  readonly versions = new Map<string, number>();
  readonly indexed = new Map<string, { version: number; contentDigest: string }>();
  private lock: Promise<unknown> = Promise.resolve();

  claim<T>(docs: readonly { id: string; version: number }[], enqueue: (accepted: ReadonlySet<string>) => Promise<T>): Promise<T> {
    const run = this.lock.then(() => {
      const won = new Set<string>();
      for (const d of docs) {
        const cur = this.versions.get(d.id);
        if (cur === undefined || cur <= d.version) {
          this.versions.set(d.id, d.version);
          won.add(d.id);
        }
      }
      return enqueue(won);
    });
    this.lock = run.catch(() => {});
    return run;
  }

  recordIndexed(docs: readonly { id: string; version: number; contentDigest: string }[]): Promise<void> {
    for (const d of docs) if ((this.indexed.get(d.id)?.version ?? -1) <= d.version) this.indexed.set(d.id, { version: d.version, contentDigest: d.contentDigest });
    return Promise.resolve();
  }

  forget(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.indexed.delete(id);
    return Promise.resolve();
  }
}
