/**
 * The newest version of each document on its way to the index (enqueued, task not finished).
 * Keeps the highest version while any batch holding the id is in flight: if that batch fails,
 * its jobs are retried, so skipping an older copy meanwhile loses nothing.
 */
export class PendingVersions {
  private readonly byId = new Map<string, { version: number; refs: number }>();

  get(id: string): number | undefined {
    return this.byId.get(id)?.version;
  }

  add(docs: readonly { id: string; version: number }[]): void {
    for (const d of docs) {
      const entry = this.byId.get(d.id);
      if (entry) {
        entry.version = Math.max(entry.version, d.version);
        entry.refs++;
      } else this.byId.set(d.id, { version: d.version, refs: 1 });
    }
  }

  release(docs: readonly { id: string; version: number }[]): void {
    for (const d of docs) {
      const entry = this.byId.get(d.id);
      if (entry && --entry.refs === 0) this.byId.delete(d.id);
    }
  }
}
